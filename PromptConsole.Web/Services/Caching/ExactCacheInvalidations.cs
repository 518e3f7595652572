using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Fleet;
using StackExchange.Redis;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// Carries exact-cache purges between instances over Redis pub/sub: each instance removes the purged tag from its own
/// HybridCache (its L1) as soon as the message arrives. Its own messages are recognised by the instance id and
/// skipped. Messages sent while this instance was cut off are lost, so a restored subscription drops the whole L1 once
/// (the L2 in Redis already knows the purged tags). Publishing never waits on Redis nor fails a request.
/// </summary>
public sealed partial class ExactCacheInvalidations(
    RedisConnection redis,
    IServiceProvider services,
    IOptions<ExactCacheOptions> options,
    ILogger<ExactCacheInvalidations> logger) : IHostedService
{
    /// <summary>HybridCache's tag for "every entry".</summary>
    public const string AllTag = "*";

    private const char Separator = '|';

    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private RedisChannel _channel;
    private ISubscriber? _subscriber;
    private long _received;

    /// <summary>Purges heard from other instances since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await redis.GetAsync(cancellationToken) is not { } multiplexer)
            return;

        _channel = RedisChannel.Literal(options.Value.InvalidationChannel);
        var subscriber = multiplexer.GetSubscriber();
        multiplexer.ConnectionRestored += OnConnectionRestored;
        try
        {
            await subscriber.SubscribeAsync(_channel, OnMessage);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The multiplexer keeps the subscription and makes it once it connects.
            LogSubscribeDeferred(exception);
        }

        _subscriber = subscriber;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscriber = null;
        return Task.CompletedTask;
    }

    /// <summary>Tells the other instances to drop <paramref name="tag"/>; fire-and-forget.</summary>
    public void Publish(string tag)
    {
        if (_subscriber is not { } subscriber)
            return;
        try
        {
            subscriber.Publish(_channel, _instanceId + Separator + tag, CommandFlags.FireAndForget);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // L2 already holds the tag's invalidation; another instance's L1 keeps the entry at most until its local expiry.
            LogPublishFailed(exception, tag);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        var text = (string?)message;
        var separator = text?.IndexOf(Separator) ?? -1;
        if (text is null || separator <= 0 || text.AsSpan(0, separator).SequenceEqual(_instanceId))
            return;
        Interlocked.Increment(ref _received);
        Remove(text[(separator + 1)..]);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
            return;
        LogResubscribed();
        Remove(AllTag);
    }

    private void Remove(string tag)
    {
        // Resolved here, not injected: HybridCache is built after this service in the container's graph.
        var cache = services.GetRequiredService<HybridCache>();
        _ = RemoveAsync(cache, tag);
    }

    private async Task RemoveAsync(HybridCache cache, string tag)
    {
        try
        {
            await cache.RemoveByTagAsync(tag);
        }
        catch (Exception exception)
        {
            LogRemoveFailed(exception, tag);
        }
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Subscribing to response cache purges on Redis failed at start; the subscription is made once Redis is reachable")]
    private partial void LogSubscribeDeferred(Exception exception);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Redis subscription restored; dropping this instance's in-memory response cache once, since purges published meanwhile were missed")]
    private partial void LogResubscribed();

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Publishing the response cache purge {Tag} failed")]
    private partial void LogPublishFailed(Exception exception, string tag);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Error, Message = "Dropping the response cache tag {Tag} failed")]
    private partial void LogRemoveFailed(Exception exception, string tag);
}
