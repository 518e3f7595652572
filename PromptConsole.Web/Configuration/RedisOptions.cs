namespace PromptConsole.Web.Configuration;

/// <summary>
/// Section <c>PromptConsole:Redis</c> (environment <c>PromptConsole__Redis__Configuration</c>). Absent by default:
/// the embedded single-process setup needs no Redis.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "PromptConsole:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>redis:6379,password=…</c>; empty: no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>The pub/sub channel that carries configuration changes; instances sharing a database must share it.</summary>
    public string InvalidationChannel { get; set; } = "promptconsole:configuration-changes";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}
