using OpenTelemetry.Trace;

namespace PromptConsole.Web.Infrastructure.Telemetry;

public static class TraceSampler
{
    /// <summary>
    /// The sampler for these settings. New traces are recorded by <see cref="TracingOptions.SamplingRatio"/>
    /// when spans go somewhere (an exporter, or a reader in process), and not at all otherwise: recording
    /// spans that are dropped at their end cost every execution about a tenth of a millisecond at the
    /// median. A caller's decision (the traceparent flag) wins either way.
    /// </summary>
    public static Sampler For(TracingOptions options) =>
        options.Exports || options.RecordWithoutExporter ? For(options.SamplingRatio) : For(0);

    /// <summary>Parent-based: a caller's sampling decision (the traceparent flag) wins; new traces are sampled by ratio.</summary>
    public static Sampler For(double ratio) => new ParentBasedSampler(ratio switch
    {
        >= 1 => new AlwaysOnSampler(),
        <= 0 => new AlwaysOffSampler(),
        _ => new TraceIdRatioBasedSampler(ratio),
    });
}
