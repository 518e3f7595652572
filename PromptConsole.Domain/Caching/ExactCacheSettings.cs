using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Caching;

/// <summary>
/// A prompt's exact response cache: off unless switched on, and how long an answer is served from it.
/// </summary>
public sealed record ExactCacheSettings(bool Enabled, int TtlSeconds)
{
    public const int MinTtlSeconds = 1;

    /// <summary>30 days: older answers are better asked again than served.</summary>
    public const int MaxTtlSeconds = 30 * 24 * 3600;

    public const int DefaultTtlSeconds = 3600;

    public static ExactCacheSettings Off { get; } = new(false, DefaultTtlSeconds);

    public TimeSpan Ttl => TimeSpan.FromSeconds(TtlSeconds);

    /// <summary>Checks a requested change; a missing TTL keeps <paramref name="currentTtlSeconds"/>.</summary>
    public static Result<ExactCacheSettings> Create(bool? enabled, int? ttlSeconds, int currentTtlSeconds = DefaultTtlSeconds)
    {
        var errors = new List<FieldError>();
        if (enabled is null)
            errors.Add(new FieldError("enabled", "Say whether the exact cache is on (true or false)."));
        var ttl = ttlSeconds ?? currentTtlSeconds;
        if (ttl is < MinTtlSeconds or > MaxTtlSeconds)
            errors.Add(new FieldError("ttlSeconds", $"The time to live must be between {MinTtlSeconds} and {MaxTtlSeconds} seconds (30 days)."));
        if (errors.Count > 0)
            return Error.Validation("invalid-cache-settings", "The cache settings are not valid.", errors);
        return new ExactCacheSettings(enabled!.Value, ttl);
    }
}
