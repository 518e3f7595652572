namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// One instance's live data for one prompt in one second, for instances that share a server database
/// but no Redis. Rows live about 16 minutes (the live window plus a margin), then are pruned.
/// </summary>
public sealed class LiveBucketRow
{
    public string InstanceId { get; set; } = string.Empty;

    /// <summary>Whole seconds since the Unix epoch.</summary>
    public long Second { get; set; }

    public string PromptKey { get; set; } = string.Empty;

    /// <summary>The prompt's series in that second (<see cref="LiveSecondCodec"/>).</summary>
    public string Payload { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }
}
