using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using StackExchange.Redis;

namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// Redis pub/sub for configuration changes: every instance publishes the changes it commits and drops the cache
/// entries named in the others' messages (its own are recognised by the instance id and skipped: it dropped them
/// already). Messages sent while this instance was cut off are lost, so a restored subscription drops everything
/// once. Publishing is fire-and-forget: a request never waits on Redis nor fails because of it.
/// </summary>
public sealed partial class RedisConfigurationChangeTransport(
    RedisConnection redis,
    ConfigurationChangeBus bus,
    IOptions<RedisOptions> options,
    ILogger<RedisConfigurationChangeTransport> logger) : IHostedService, IConfigurationChangeTransport
{
    private const char Separator = '|';

    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private RedisChannel _channel;
    private ISubscriber? _subscriber;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await redis.GetAsync(cancellationToken) is not { } multiplexer)
            return;

        _channel = RedisChannel.Literal(options.Value.InvalidationChannel);
        _subscriber = multiplexer.GetSubscriber();
        multiplexer.ConnectionRestored += OnConnectionRestored;
        try
        {
            await _subscriber.SubscribeAsync(_channel, OnMessage);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The multiplexer keeps the subscription and makes it once it connects.
            LogSubscribeDeferred(exception);
        }

        bus.Attach(this);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        bus.Attach(null);
        return Task.CompletedTask;
    }

    void IConfigurationChangeTransport.Publish(ConfigurationChange change)
    {
        if (_subscriber is not { } subscriber)
            return;

        // FireAndForget returns at once; while disconnected the multiplexer queues the message and drops it if it
        // cannot be sent, and the database version check covers that gap.
        subscriber.Publish(_channel, _instanceId + Separator + change, CommandFlags.FireAndForget);
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        var text = (string?)message;
        var separator = text?.IndexOf(Separator) ?? -1;
        if (separator > 0 && text.AsSpan(0, separator).SequenceEqual(_instanceId))
            return;
        bus.Deliver(ConfigurationChange.Parse(separator >= 0 ? text![(separator + 1)..] : text));
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
            return;
        LogResubscribed();
        bus.Deliver(ConfigurationChange.Everything);
    }

    [LoggerMessage(EventId = 1220, Level = LogLevel.Warning, Message = "Subscribing to configuration changes on Redis failed at start; the subscription is made once Redis is reachable")]
    private partial void LogSubscribeDeferred(Exception exception);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Information, Message = "Redis subscription restored; dropping every cached snapshot once, since changes published meanwhile were missed")]
    private partial void LogResubscribed();
}
