using System.Collections.Immutable;

namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// Carries configuration changes between this instance's caches and the other instances'. A cache invalidates itself
/// locally and <see cref="Publish"/>es the change; changes made elsewhere (a Redis message, or the database version
/// check noticing something it did not hear about) come in through <see cref="Deliver"/> and reach every
/// <see cref="Subscribe"/>d cache, which drops the entries without publishing again. With no transport attached
/// (the embedded single-process default) publishing does nothing.
/// </summary>
public sealed partial class ConfigurationChangeBus(ILogger<ConfigurationChangeBus> logger)
{
    private ImmutableArray<Action<ConfigurationChange>> _handlers = [];
    private volatile IConfigurationChangeTransport? _transport;

    /// <summary>Tells the other instances; never throws and never waits on the network.</summary>
    public void Publish(ConfigurationChange change)
    {
        if (_transport is not { } transport)
            return;
        try
        {
            transport.Publish(change);
        }
        catch (Exception exception)
        {
            // The database version check still carries the change; a request must never fail over this.
            LogPublishFailed(exception, change.ToString());
        }
    }

    /// <summary>Registers a cache for changes made on other instances.</summary>
    public void Subscribe(Action<ConfigurationChange> onRemoteChange) =>
        ImmutableInterlocked.Update(ref _handlers, handlers => handlers.Add(onRemoteChange));

    /// <summary>A change made elsewhere: every subscribed cache drops what it covers.</summary>
    public void Deliver(ConfigurationChange change)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                handler(change);
            }
            catch (Exception exception)
            {
                LogHandlerFailed(exception, change.ToString());
            }
        }
    }

    internal void Attach(IConfigurationChangeTransport? transport) => _transport = transport;

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Publishing the configuration change {Change} failed; other instances pick it up from the database version check")]
    private partial void LogPublishFailed(Exception exception, string change);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "A cache failed to drop entries for the configuration change {Change}")]
    private partial void LogHandlerFailed(Exception exception, string change);
}
