using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Services.Flags;

/// <summary>Section <c>PromptConsole:Flags</c>.</summary>
public sealed class FlagOptions
{
    public const string SectionName = "PromptConsole:Flags";

    /// <summary>
    /// How long an instance serves its in-memory flag definitions before reloading them. A change made
    /// through this instance takes effect at once; one made through another instance (several replicas
    /// behind a load balancer) within this many seconds.
    /// </summary>
    public double CacheSeconds { get; set; } = 5;

    public TimeSpan CacheDuration => TimeSpan.FromSeconds(CacheSeconds);
}

public sealed class FlagOptionsValidator : IValidateOptions<FlagOptions>
{
    public ValidateOptionsResult Validate(string? name, FlagOptions options) =>
        double.IsFinite(options.CacheSeconds) && options.CacheSeconds is >= 0 and <= 300
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{FlagOptions.SectionName}:CacheSeconds must be between 0 and 300 (it is {options.CacheSeconds}).");
}
