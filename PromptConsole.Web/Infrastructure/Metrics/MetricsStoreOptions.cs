using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Metrics;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary><c>PromptConsole:MetricsStore</c>: the in-process aggregation behind the console's charts.</summary>
public sealed class MetricsStoreOptions
{
    public const string Section = "PromptConsole:MetricsStore";

    /// <summary>
    /// Names this process's rollup rows. Left empty, each start picks a new one (host name plus a
    /// random suffix), so a restarted instance never overwrites the rows of its previous life.
    /// </summary>
    [MaxLength(100)]
    public string? InstanceId { get; set; }

    /// <summary>Per-second memory for live charts.</summary>
    [Range(1, 120)]
    public int LiveMinutes { get; set; } = 15;

    /// <summary>
    /// Distinct tenants counted apart in one rollup bucket; further ones in that bucket are counted
    /// under <c>(other)</c>, so made-up tenant names cannot grow memory and the rollup table without bound.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxTenantsPerBucket { get; set; } = 1000;

    /// <summary>How often open rollup buckets are written to the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often rollups past their tier's retention are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Rollup tiers, finest first. Empty means the defaults: 1 m for 24 h, 5 m for 7 d, 1 h for 30 d, 1 d for 90 d.</summary>
    public List<RollupTierOptions> Tiers { get; set; } = [];

    /// <summary>The configured tiers as domain tiers, finest first (the defaults when none are configured).</summary>
    public IReadOnlyList<RollupTier> RollupTiers() => Tiers.Count == 0
        ? RollupTier.Defaults
        : Tiers.Select(t => new RollupTier(t.Name, t.Resolution, t.Retention)).OrderBy(t => t.Resolution).ToArray();
}

public sealed class RollupTierOptions
{
    public string Name { get; set; } = string.Empty;

    public TimeSpan Resolution { get; set; }

    public TimeSpan Retention { get; set; }
}

/// <summary>Refuses at start-up tiers that would not line up across instances or would keep nothing.</summary>
public sealed class MetricsStoreOptionsValidator : IValidateOptions<MetricsStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsStoreOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Tiers.Count; i++)
        {
            var tier = options.Tiers[i];
            var path = $"{MetricsStoreOptions.Section}:Tiers:{i}";
            if (string.IsNullOrWhiteSpace(tier.Name) || tier.Name.Length > 16)
                failures.Add($"{path}:Name must be 1 to 16 characters.");
            else if (!names.Add(tier.Name))
                failures.Add($"{path}:Name '{tier.Name}' is used by two tiers.");

            try
            {
                _ = new RollupTier(tier.Name, tier.Resolution, tier.Retention);
            }
            catch (ArgumentOutOfRangeException exception)
            {
                failures.Add($"{path}: {exception.Message.Split(Environment.NewLine)[0]}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
