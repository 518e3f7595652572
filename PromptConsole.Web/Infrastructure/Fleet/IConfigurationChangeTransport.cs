namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>How changes leave this instance (Redis pub/sub when configured).</summary>
internal interface IConfigurationChangeTransport
{
    void Publish(ConfigurationChange change);
}
