using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// <see cref="ISemanticCacheObservations"/> as a buffered writer: <see cref="Record"/> only puts the observation on a
/// bounded channel (never blocks, never throws; when full the oldest is dropped), and a background loop writes
/// what is buffered every <see cref="SemanticObservationOptions.FlushInterval"/> (a <see cref="PeriodicTimer"/> on the
/// injected clock) in one batch. A failed write keeps the batch for the next tick; stopping writes what is left.
/// </summary>
public sealed partial class SemanticObservationWriter : BackgroundService, ISemanticCacheObservations
{
    private readonly Channel<SemanticCacheObservation> _buffer;
    private readonly IDbContextFactory<PromptConsoleDbContext> _dbFactory;
    private readonly SemanticObservationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SemanticObservationWriter> _logger;
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly List<SemanticCacheObservationRow> _unwritten = [];

    public SemanticObservationWriter(
        IDbContextFactory<PromptConsoleDbContext> dbFactory,
        IOptions<SemanticObservationOptions> options,
        TimeProvider time,
        ILogger<SemanticObservationWriter> logger)
    {
        _dbFactory = dbFactory;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _buffer = Channel.CreateBounded<SemanticCacheObservation>(new BoundedChannelOptions(_options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public void Record(SemanticCacheObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        _buffer.Writer.TryWrite(observation);
    }

    /// <summary>Writes everything recorded so far now (the feedback endpoint and tests do not wait for the tick).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            while (_buffer.Reader.TryRead(out var observation))
            {
                _unwritten.Add(new SemanticCacheObservationRow(Guid.CreateVersion7(observation.At), observation));
            }

            if (_unwritten.Count == 0)
            {
                return;
            }

            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            db.SemanticCacheObservations.AddRange(_unwritten);
            await db.SaveChangesAsync(cancellationToken);
            _unwritten.Clear();
        }
        finally
        {
            // Rows kept for a retry are bounded like the channel: the oldest go first.
            if (_unwritten.Count > _options.BufferCapacity)
            {
                _unwritten.RemoveRange(0, _unwritten.Count - _options.BufferCapacity);
            }

            _flushGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stopping: write what is left, briefly.
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await FlushOnceAsync(last.Token);
    }

    public override void Dispose()
    {
        _flushGate.Dispose();
        base.Dispose();
    }

    private async Task FlushOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; what is unwritten stays for a last flush or is lost with the process.
        }
        catch (Exception exception)
        {
            LogWriteFailed(exception, _unwritten.Count);
        }
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Writing {Count} semantic-cache observations failed; they are tried again at the next tick")]
    private partial void LogWriteFailed(Exception exception, int count);
}
