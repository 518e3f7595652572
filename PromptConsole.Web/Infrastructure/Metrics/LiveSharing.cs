namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>How an instance shares its live seconds with the others.</summary>
public enum LiveSharing
{
    /// <summary>SQLite without Redis: one process, nothing to share.</summary>
    None,
    Redis,
    Database,
}
