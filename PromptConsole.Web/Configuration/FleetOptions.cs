using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Configuration;

/// <summary>
/// Several instances on one database (section <c>PromptConsole:Fleet</c>): how fast caches follow changes made
/// elsewhere and how the leader of the background controllers is elected.
/// </summary>
public sealed class FleetOptions
{
    public const string Section = "PromptConsole:Fleet";

    /// <summary>How often the database's configuration version is read (PostgreSQL and SQL Server only); the bound on propagation when Redis is down or absent (twice a second keeps it under 1 s with the reload; one primary-key read each).</summary>
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an unknown prompt key is answered from memory before the database is asked again. Creating the prompt ends it at once.</summary>
    public TimeSpan UnknownPromptCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a follower tries to take the leader lease (PostgreSQL); the bound on fail-over after the leader goes.</summary>
    public TimeSpan LeaderRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many unknown keys are remembered, so random keys cannot grow memory without bound.</summary>
    public int UnknownPromptCacheCapacity { get; set; } = 10_000;
}

public sealed class FleetOptionsValidator : IValidateOptions<FleetOptions>
{
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        var failures = new List<string>();
        if (options.VersionCheckInterval <= TimeSpan.Zero || options.VersionCheckInterval > Max)
            failures.Add($"{FleetOptions.Section}:VersionCheckInterval must be positive and at most {Max}.");
        if (options.UnknownPromptCacheDuration < TimeSpan.Zero || options.UnknownPromptCacheDuration > Max)
            failures.Add($"{FleetOptions.Section}:UnknownPromptCacheDuration must be between 0 (off) and {Max}.");
        if (options.LeaderRetryInterval <= TimeSpan.Zero || options.LeaderRetryInterval > Max)
            failures.Add($"{FleetOptions.Section}:LeaderRetryInterval must be positive and at most {Max}.");
        if (options.UnknownPromptCacheCapacity < 0)
            failures.Add($"{FleetOptions.Section}:UnknownPromptCacheCapacity must not be negative.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
