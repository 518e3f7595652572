using OpenTelemetry.Trace;

namespace PromptConsole.Web.Infrastructure.Telemetry;

public static class TraceSampler
{
    /// <summary>Parent-based: a caller's sampling decision (the traceparent flag) wins; new traces are sampled by ratio.</summary>
    public static Sampler For(double ratio) => new ParentBasedSampler(ratio switch
    {
        >= 1 => new AlwaysOnSampler(),
        <= 0 => new AlwaysOffSampler(),
        _ => new TraceIdRatioBasedSampler(ratio),
    });
}
