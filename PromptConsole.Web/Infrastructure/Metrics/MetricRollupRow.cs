namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// One instance's aggregate of one series in one bucket of one rollup tier, as stored. Each
/// instance writes (and rewrites, while the bucket is open) only its own rows, so instances never
/// contend; readers merge the rows of every instance for the same series and bucket.
/// </summary>
public sealed class MetricRollupRow
{
    public long Id { get; set; }

    /// <summary>The writing instance; rows of different instances for the same bucket are merged on read.</summary>
    public string InstanceId { get; set; } = string.Empty;

    /// <summary>The tier's name, e.g. <c>1m</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>.</summary>
    public string Tier { get; set; } = string.Empty;

    /// <summary>UTC start of the bucket, aligned to the tier's resolution.</summary>
    public DateTimeOffset BucketStart { get; set; }

    public string PromptKey { get; set; } = string.Empty;

    public int PromptVersion { get; set; }

    /// <summary>The route arm, or the empty string for none (so it can be part of the unique key on every provider).</summary>
    public string RouteArm { get; set; } = string.Empty;

    public string Model { get; set; } = string.Empty;

    /// <summary>Executions in the aggregate, kept outside the JSON so queries can skip empty rows.</summary>
    public long Count { get; set; }

    /// <summary>The aggregate (counts, sums and the latency histogram) as JSON.</summary>
    public string Stats { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }
}
