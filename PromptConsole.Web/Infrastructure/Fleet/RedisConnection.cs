using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using StackExchange.Redis;

namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// The instance's one Redis connection (when <c>PromptConsole:Redis:Configuration</c> is set), shared by everything
/// that uses Redis. It never refuses to start or throws because Redis is away: <c>abortConnect=false</c> makes the
/// multiplexer come up disconnected and reconnect on its own (about 0.3 s after the server is back), and short
/// timeouts keep a caller from waiting on a dead server.
/// </summary>
public sealed partial class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Connected right now (false when not configured or not yet connected).</summary>
    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>The multiplexer, created on first use; null when Redis is not configured.</summary>
    public async Task<ConnectionMultiplexer?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (!IsConfigured)
            return null;
        if (_multiplexer is { } ready)
            return ready;

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_multiplexer is null)
            {
                var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
                configuration.AbortOnConnectFail = false;
                configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 2000);
                configuration.AsyncTimeout = Math.Min(configuration.AsyncTimeout, 1000);
                configuration.SyncTimeout = Math.Min(configuration.SyncTimeout, 1000);
                configuration.ClientName ??= "promptconsole";
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
                multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(e.Exception, e.ConnectionType.ToString(), e.FailureType.ToString());
                multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(e.ConnectionType.ToString());
                if (!multiplexer.IsConnected)
                    LogStartedDisconnected();
                _multiplexer = multiplexer;
            }

            return _multiplexer;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { } multiplexer)
            await multiplexer.DisposeAsync();
        _connecting.Dispose();
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "Redis connection lost ({ConnectionType}, {FailureType}); reconnecting on its own, configuration changes travel through the database meanwhile")]
    private partial void LogConnectionFailed(Exception? exception, string connectionType, string failureType);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Redis connection restored ({ConnectionType})")]
    private partial void LogConnectionRestored(string connectionType);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Warning, Message = "Redis is not reachable at start; the instance runs without it and connects when it comes up")]
    private partial void LogStartedDisconnected();
}
