namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// One instance's usage by one tenant in one bucket of one rollup tier, as stored. Like
/// <see cref="MetricRollupRow"/>, each instance writes only its own rows and readers add up every
/// instance's rows for the same tenant and bucket.
/// </summary>
public sealed class TenantRollupRow
{
    public long Id { get; set; }

    public string InstanceId { get; set; } = string.Empty;

    public string Tier { get; set; } = string.Empty;

    /// <summary>UTC start of the bucket, aligned to the tier's resolution.</summary>
    public DateTimeOffset BucketStart { get; set; }

    /// <summary>The tenant as given, or the empty string for requests without one (so it can be part of the unique key on every provider).</summary>
    public string Tenant { get; set; } = string.Empty;

    public long Executions { get; set; }

    public long Errors { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public decimal CostUsd { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
