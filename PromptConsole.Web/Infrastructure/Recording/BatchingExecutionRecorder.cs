using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Privacy;

namespace PromptConsole.Web.Infrastructure.Recording;

/// <summary>
/// Keeps recording off the request path: <see cref="RecordAsync"/> puts the record in a channel and
/// returns at once; one background writer saves batches with a single SaveChanges each. Failed
/// writes are logged, counted and retried with backoff until the database is back, and stopping
/// the host drains the channel before it returns. The bound (<see cref="RecordingOptions.Capacity"/>)
/// is enforced at admission: once that many records wait, <see cref="TryAdmit"/> refuses new
/// executions (the endpoints answer 503 with Retry-After) instead of letting requests wait for
/// the database, and every record already taken is kept. The same service erases captured text
/// once its retention has passed.
/// </summary>
public sealed partial class BatchingExecutionRecorder : BackgroundService, IExecutionRecorder
{
    private readonly IDbContextFactory<PromptConsoleDbContext> _dbFactory;
    private readonly SubjectPseudonymizer _pseudonymizer;
    private readonly TimeProvider _time;
    private readonly ILogger<BatchingExecutionRecorder> _logger;
    private readonly RecordingOptions _options;
    private readonly Channel<RecorderItem> _channel;

    // On SQLite the writer's batches go through a connection of its own (see RecorderSqliteConnection). Writer-only.
    private readonly RecorderSqliteConnection _sqliteConnection = new();

    // With several instances only the leader sweeps expired captures (one DELETE-like UPDATE for the whole fleet).
    private readonly ILeadership? _leadership;

    // Ids accepted but not yet committed: scores for these must follow the record through the channel.
    // The value is the record's metric series, so a score on a queued record can name it without a query.
    // Every request adds one id and the writer removes a batch of them: more lock stripes than the default (one per
    // core) keep requests from queuing on the stripe the writer holds.
    private readonly ConcurrentDictionary<Guid, MetricSeriesKey> _queued = new(concurrencyLevel: Math.Max(32, Environment.ProcessorCount * 8), capacity: 1024);

    // Scores that overtook their record in the channel (possible when both waited on a full buffer). Writer-only.
    private readonly Dictionary<Guid, List<ScoreItem>> _earlyScores = [];

    // Cancelled when the host's shutdown timeout runs out: retries stop and what is left is reported as lost.
    private readonly CancellationTokenSource _giveUp = new();
    private readonly CancellationTokenSource _stopSweeping = new();

    private long _accepted;
    private long _written;

    // Records taken and not yet committed (the admission bound is checked against this).
    private long _waiting;
    private long _writeFailures;
    private long _shed;
    private volatile bool _writeFailing;
    private int _shedding;
    private readonly Lock _stopLock = new();
    private Task? _stopTask;
    private volatile bool _stopping;

    public BatchingExecutionRecorder(
        IDbContextFactory<PromptConsoleDbContext> dbFactory,
        SubjectPseudonymizer pseudonymizer,
        IOptions<RecordingOptions> options,
        TimeProvider time,
        ILogger<BatchingExecutionRecorder> logger,
        ILeadership? leadership = null)
    {
        _leadership = leadership;
        _dbFactory = dbFactory;
        _pseudonymizer = pseudonymizer;
        _time = time;
        _logger = logger;
        _options = options.Value;
        // Unbounded on purpose: the bound is applied when an execution is admitted, so a record of an
        // execution that already ran is never refused or made to wait.
        _channel = Channel.CreateUnbounded<RecorderItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    }

    public long AcceptedCount => Interlocked.Read(ref _accepted);

    public long WrittenCount => Interlocked.Read(ref _written);

    public RecorderStatus Status => new(
        Interlocked.Read(ref _waiting), _options.Capacity, _writeFailing, Interlocked.Read(ref _writeFailures), Interlocked.Read(ref _shed));

    public bool TryAdmit()
    {
        var waiting = Interlocked.Read(ref _waiting);
        if (waiting < _options.Capacity)
        {
            // Said once the backlog has clearly shrunk, not at every record around the bound.
            if (Volatile.Read(ref _shedding) == 1 && waiting <= _options.Capacity * 9L / 10 && Interlocked.Exchange(ref _shedding, 0) == 1)
                LogSheddingEnded(Interlocked.Read(ref _shed));
            return true;
        }

        Interlocked.Increment(ref _shed);
        if (Interlocked.Exchange(ref _shedding, 1) == 0)
            LogShedding(waiting, _options.Capacity);
        return false;
    }

    public ValueTask RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_queued.TryAdd(record.Id, SeriesOf(record)))
            throw new InvalidOperationException($"Execution {record.Id} is already queued for recording.");

        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _waiting);
        if (_channel.Writer.TryWrite(new RecordItem(record)))
            return ValueTask.CompletedTask;

        // Only a stopped recorder refuses (the channel is unbounded).
        _queued.TryRemove(record.Id, out _);
        Interlocked.Decrement(ref _accepted);
        Interlocked.Decrement(ref _waiting);
        throw new InvalidOperationException("The execution recorder has stopped; no more records are accepted.");
    }

    private static MetricSeriesKey SeriesOf(ExecutionRecord record) => MetricSeriesKey.Of(record);

    public Task<FeedbackReceipt> RecordFeedbackAsync(Guid executionId, int score, CancellationToken cancellationToken = default)
    {
        if (!ExecutionRecord.IsValidFeedbackScore(score))
            throw new ArgumentOutOfRangeException(nameof(score), score, $"Feedback scores run from {ExecutionRecord.MinFeedbackScore} to {ExecutionRecord.MaxFeedbackScore}.");

        var at = _time.GetUtcNow();
        return RecordScoreAsync(
            new ScoreItem(executionId, score, null, at),
            set => set.SetProperty(e => e.FeedbackScore, (int?)score).SetProperty(e => e.FeedbackAt, (DateTimeOffset?)at),
            cancellationToken);
    }

    public Task<FeedbackReceipt> RecordAutomatedScoreAsync(Guid executionId, AutomatedScore score, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(score);
        var at = _time.GetUtcNow();
        return RecordScoreAsync(
            new ScoreItem(executionId, null, score, at),
            set => set
                .SetProperty(e => e.AutomatedScore, (double?)score.Value)
                .SetProperty(e => e.AutomatedEvaluator, score.Evaluator)
                .SetProperty(e => e.AutomatedScoreAt, (DateTimeOffset?)at),
            cancellationToken);
    }

    /// <summary>
    /// A score for a record still queued follows it through the channel (so it is written with it, in
    /// order); a score for a written record updates its row directly.
    /// </summary>
    private async Task<FeedbackReceipt> RecordScoreAsync(
        ScoreItem item,
        Action<UpdateSettersBuilder<ExecutionRecord>> update,
        CancellationToken cancellationToken)
    {
        var executionId = item.ExecutionId;
        if (_queued.TryGetValue(executionId, out var series))
        {
            try
            {
                await _channel.Writer.WriteAsync(item, cancellationToken);
                return new FeedbackReceipt(FeedbackAcceptance.Accepted, series);
            }
            catch (ChannelClosedException)
            {
                // Stopping: the drain writes the record; wait for it, then update the row.
                await WaitForDrainAsync(cancellationToken);
            }
        }

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Executions
            .Where(e => e.Id == executionId)
            .Select(e => new { e.PromptKey, e.PromptVersion, e.RouteKind, e.RouteId, e.RouteArm, e.Model })
            .FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
            return FeedbackReceipt.Unknown;
        var storedSeries = new MetricSeriesKey(stored.PromptKey, stored.PromptVersion, MetricSeriesKey.ArmOf(stored.RouteKind, stored.RouteId, stored.RouteArm), stored.Model);

        var updated = await db.Executions
            .Where(e => e.Id == executionId)
            .ExecuteUpdateAsync(update, cancellationToken);
        return updated > 0 ? new FeedbackReceipt(FeedbackAcceptance.Accepted, storedSeries) : FeedbackReceipt.Unknown;
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new FlushItem(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _channel.Writer.WriteAsync(flushed, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            await WaitForDrainAsync(cancellationToken);
            return;
        }

        await flushed.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Erases captured input and output whose retention has ended; returns how many executions were erased.</summary>
    public async Task<int> EraseExpiredCapturesAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Executions
            .Where(e => e.CaptureExpiresAt != null && e.CaptureExpiresAt <= now)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(e => e.CapturedInput, (string?)null)
                    .SetProperty(e => e.CapturedOutput, (string?)null)
                    .SetProperty(e => e.CaptureExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
    }

    /// <summary>
    /// Drains the buffer. A host can stop its services twice at once (WebApplication.Run stops the
    /// host again when the lifetime fires, then disposes it): every caller waits for the same drain,
    /// so the host is not disposed while records are still being written.
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopLock)
            _stopTask ??= DrainAndStopAsync(cancellationToken);
        return _stopTask.WaitAsync(cancellationToken);
    }

    private async Task DrainAndStopAsync(CancellationToken cancellationToken)
    {
        // No new records; the writer keeps going until the channel is empty.
        _stopping = true;
        _channel.Writer.TryComplete();
        await _stopSweeping.CancelAsync();

        await using (cancellationToken.Register(() => _giveUp.Cancel()))
        {
            if (ExecuteTask is { } running)
            {
                try
                {
                    await running.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    LogShutdownTimedOut(_queued.Count);
                }
            }
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        // The token sources have no timers, so nothing leaks by leaving them to the GC; disposing
        // them here could break a drain that another StopAsync caller is still waiting on.
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var sweepStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _stopSweeping.Token);
        var sweeping = SweepCapturesAsync(sweepStop.Token);

        // Deliberately not tied to stoppingToken: StopAsync completes the channel and this loop drains it.
        try
        {
            await WriteLoopAsync();
        }
        finally
        {
            _sqliteConnection.Dispose();
        }

        await sweepStop.CancelAsync();
        await sweeping;
    }

    private async Task WaitForDrainAsync(CancellationToken cancellationToken)
    {
        if (ExecuteTask is { } running)
            await running.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var batch = new Batch();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            await FillAsync(reader, batch);
            var written = await WriteWithRetryAsync(batch);
            if (!written)
            {
                AbandonRemaining(batch);
                return;
            }

            batch.Clear();
        }
    }

    /// <summary>Takes what is there, then waits up to the batch delay for more (not at all when stopping or flushing).</summary>
    private async Task FillAsync(ChannelReader<RecorderItem> reader, Batch batch)
    {
        var started = _time.GetTimestamp();
        var maxDelay = TimeSpan.FromMilliseconds(_options.MaxBatchDelayMs);
        while (true)
        {
            while (batch.Records.Count < _options.BatchSize && reader.TryRead(out var item))
            {
                batch.Add(item, _earlyScores);
                if (item is FlushItem)
                    return;
            }

            var remaining = maxDelay - _time.GetElapsedTime(started);
            if (batch.Records.Count >= _options.BatchSize || _stopping || remaining <= TimeSpan.Zero)
                return;

            using var wait = new CancellationTokenSource(remaining, _time);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                    return;
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Writes the batch, retrying with backoff until it succeeds or shutdown gives up; false when given up.</summary>
    private async Task<bool> WriteWithRetryAsync(Batch batch)
    {
        var failedSince = 0L;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(batch);
                break;
            }
            catch (Exception exception)
            {
                _sqliteConnection.Reset();
                if (_giveUp.IsCancellationRequested)
                    return false;

                if (attempt == 1)
                    failedSince = _time.GetTimestamp();
                _writeFailing = true;
                Interlocked.Increment(ref _writeFailures);
                var delay = TimeSpan.FromMilliseconds(Math.Min(_options.MaxRetryDelayMs, 250 * Math.Pow(2, Math.Min(attempt - 1, 10))));
                LogWriteFailed(exception, batch.Records.Count, attempt, delay, Interlocked.Read(ref _waiting));
                try
                {
                    await Task.Delay(delay, _time, _giveUp.Token);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        foreach (var record in batch.Records)
            _queued.TryRemove(record.Id, out _);
        Interlocked.Add(ref _written, batch.Records.Count);
        var stillWaiting = Interlocked.Add(ref _waiting, -batch.Records.Count);
        if (failedSince != 0)
        {
            _writeFailing = false;
            LogWritesRecovered(batch.Records.Count, _time.GetElapsedTime(failedSince), stillWaiting);
        }

        foreach (var flushed in batch.Flushes)
            flushed.Done.TrySetResult();
        return true;
    }

    private async Task WriteOnceAsync(Batch batch)
    {
        await _pseudonymizer.EnsureKeyAsync(_giveUp.Token);
        foreach (var record in batch.Records)
            record.PseudonymizeSubject(_pseudonymizer.Pseudonym);

        await using var db = await _dbFactory.CreateDbContextAsync(_giveUp.Token);
        _sqliteConnection.Attach(db);
        await using var transaction = await db.Database.BeginTransactionAsync(_giveUp.Token);
        var yieldBetweenRows = YieldsBetweenRows(Interlocked.Read(ref _waiting), batch.Records.Count, _options.BatchSize);
        var inserted = await ExecutionRecordInserter.InsertAsync(db, batch.Records, _giveUp.Token, yieldBetweenRows);
        if (batch.ScoresForWritten.Count > 0)
        {
            await ApplyScoresToWrittenAsync(db, batch);
            await db.SaveChangesAsync(_giveUp.Token);
        }

        await transaction.CommitAsync(_giveUp.Token);

        // A record whose id was already stored (recorded twice by a caller): the row exists, so
        // nothing is lost by skipping the copy, but it was not accepted twice either.
        var skipped = batch.Records.Count - inserted;
        if (skipped > 0)
        {
            LogDuplicatesSkipped(skipped);
            Interlocked.Add(ref _accepted, -skipped);
            Interlocked.Add(ref _written, -skipped);
        }
    }

    /// <summary>
    /// Whether the writer gives up its core every few rows while it inserts this batch. It does while it keeps up
    /// (fewer than a batch wait behind this one): then the yields let requests woken meanwhile run at once, which is
    /// what keeps them out of the p99. It does not once a full batch or more waits: the load is above what the
    /// recorder writes with yields (on 2 saturated cores it got about a third of a core, and the backlog grew until
    /// executions were refused with 503), so it writes without yielding until it has caught up.
    /// </summary>
    public static bool YieldsBetweenRows(long waiting, int batchCount, int batchSize) => waiting - batchCount < batchSize;

    private async Task ApplyScoresToWrittenAsync(PromptConsoleDbContext db, Batch batch)
    {
        var ids = batch.ScoresForWritten.Select(f => f.ExecutionId).Distinct().ToArray();
        var written = await db.Executions.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, _giveUp.Token);
        foreach (var score in batch.ScoresForWritten)
        {
            if (written.TryGetValue(score.ExecutionId, out var record))
                score.ApplyTo(record);
            else if (_queued.ContainsKey(score.ExecutionId))
                Batch.KeepEarly(_earlyScores, score);
            else
                LogFeedbackForUnknown(score.ExecutionId);
        }
    }

    private void AbandonRemaining(Batch batch)
    {
        var lost = batch.Records.Count;
        while (_channel.Reader.TryRead(out var item))
        {
            if (item is RecordItem)
                lost++;
            else if (item is FlushItem flush)
                batch.Flushes.Add(flush);
        }

        Interlocked.Add(ref _waiting, -lost);
        LogRecordsLost(lost);
        var error = new InvalidOperationException($"{lost} execution record(s) could not be written before shutdown.");
        foreach (var flushed in batch.Flushes)
            flushed.Done.TrySetException(error);
    }

    private async Task SweepCapturesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.CaptureSweepIntervalSeconds), _time);
        try
        {
            do
            {
                try
                {
                    if (_leadership is not null && !await _leadership.IsLeaderAsync(cancellationToken))
                        continue;
                    var erased = await EraseExpiredCapturesAsync(cancellationToken);
                    if (erased > 0)
                        LogCapturesErased(erased);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogSweepFailed(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} execution record(s) failed (attempt {Attempt}); retrying in {Delay}. {Waiting} record(s) wait in memory and will be written when the database is back.")]
    private partial void LogWriteFailed(Exception exception, int count, int attempt, TimeSpan delay, long waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is back: wrote {Count} execution record(s) after writes failed for {Duration}; {Waiting} record(s) still wait and follow.")]
    private partial void LogWritesRecovered(int count, TimeSpan duration, long waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The execution recorder holds {Waiting} record(s), its bound of {Capacity}: new executions are refused with 503 until records are written.")]
    private partial void LogShedding(long waiting, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "The execution recorder is below its bound again; executions are admitted ({Shed} refused since start).")]
    private partial void LogSheddingEnded(long shed);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Shutdown timed out: {Count} execution record(s) were not written and are lost.")]
    private partial void LogRecordsLost(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached while {Count} execution record(s) were still queued.")]
    private partial void LogShutdownTimedOut(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} execution(s) in a batch were already stored (recorded twice); the stored rows are kept and the copies skipped.")]
    private partial void LogDuplicatesSkipped(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A score for execution {ExecutionId} arrived but the execution is neither queued nor stored.")]
    private partial void LogFeedbackForUnknown(Guid executionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased captured text of {Count} execution(s) past retention.")]
    private partial void LogCapturesErased(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Erasing expired captured text failed; retrying at the next sweep.")]
    private partial void LogSweepFailed(Exception exception);

    private abstract record RecorderItem;

    private sealed record RecordItem(ExecutionRecord Record) : RecorderItem;

    /// <summary>People's 1–5 feedback or an automated 0..1 grade (exactly one of the two).</summary>
    private sealed record ScoreItem(Guid ExecutionId, int? Feedback, AutomatedScore? Automated, DateTimeOffset At) : RecorderItem
    {
        public void ApplyTo(ExecutionRecord record)
        {
            if (Feedback is { } feedback)
                record.RecordFeedback(feedback, At);
            if (Automated is { } automated)
                record.RecordAutomatedScore(automated, At);
        }
    }

    private sealed record FlushItem(TaskCompletionSource Done) : RecorderItem;

    /// <summary>What one SaveChanges writes: new records (scores already applied) and scores for earlier ones.</summary>
    private sealed class Batch
    {
        private readonly Dictionary<Guid, ExecutionRecord> _byId = [];

        public List<ExecutionRecord> Records { get; } = [];

        public List<ScoreItem> ScoresForWritten { get; } = [];

        public List<FlushItem> Flushes { get; } = [];

        public void Add(RecorderItem item, Dictionary<Guid, List<ScoreItem>> earlyScores)
        {
            switch (item)
            {
                case RecordItem { Record: var record }:
                    Records.Add(record);
                    _byId[record.Id] = record;
                    if (earlyScores.Remove(record.Id, out var early))
                    {
                        foreach (var score in early)
                            score.ApplyTo(record);
                    }

                    break;
                case ScoreItem score when _byId.TryGetValue(score.ExecutionId, out var queued):
                    score.ApplyTo(queued);
                    break;
                case ScoreItem score:
                    ScoresForWritten.Add(score);
                    break;
                case FlushItem flush:
                    Flushes.Add(flush);
                    break;
            }
        }

        public void Clear()
        {
            Records.Clear();
            _byId.Clear();
            ScoresForWritten.Clear();
            Flushes.Clear();
        }

        /// <summary>Kept in arrival order, so the record ends up with the latest of each kind.</summary>
        public static void KeepEarly(Dictionary<Guid, List<ScoreItem>> earlyScores, ScoreItem score)
        {
            if (!earlyScores.TryGetValue(score.ExecutionId, out var scores))
                earlyScores[score.ExecutionId] = scores = [];
            scores.Add(score);
        }
    }
}
