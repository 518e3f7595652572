using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Services;
using DomainError = PromptConsole.Domain.Common.Error;

namespace PromptConsole.Web.Model;

/// <summary>
/// One bar of the stage breakdown. <paramref name="Ms"/> is null when the stage did not run (no
/// provider call on a cache hit, no checks after a failure); the width is its share of the whole.
/// </summary>
public sealed record StageBar(string Name, double? Ms, double WidthPercent);

/// <summary>The execution detail page: the whole record, its stage breakdown and a link to its trace.</summary>
public sealed class ExecutionDetailViewModel(IExecutionExplorer explorer, IOptions<TracingOptions> tracing)
{
    public bool Loaded { get; private set; }

    public ExecutionRecord? Record { get; private set; }

    public ErrorView? Error { get; private set; }

    public IReadOnlyList<StageBar> Stages { get; private set; } = [];

    /// <summary>The trace in the configured trace UI; null without a template or without a trace id.</summary>
    public string? TraceUrl { get; private set; }

    /// <summary>Captured text is shown only when capture was on when the execution ran (and it has not been erased yet).</summary>
    public bool HasCapture => Record?.CapturedInput is not null;

    public async Task LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        Loaded = false;
        Record = null;
        Stages = [];
        TraceUrl = null;
        Error = null;
        try
        {
            if (!Guid.TryParse(id, out var executionId))
            {
                Error = ErrorView.From(DomainError.Validation("invalid-execution-id", $"'{id}' is not an execution id.", [new FieldError("id", "An execution id is a GUID.")]));
                return;
            }

            Record = await explorer.FindAsync(executionId, cancellationToken);
            if (Record is null)
            {
                Error = ErrorView.From(DomainError.NotFound("execution-not-found", $"There is no execution '{executionId}'. It may have been recorded by another database, or the id is mistyped."));
                return;
            }

            Stages = Breakdown(Record.Stages, Record.LatencyMs);
            TraceUrl = tracing.Value.TraceUrl(Record.TraceId);
        }
        finally
        {
            Loaded = true;
        }
    }

    /// <summary>
    /// A bar per stage, as a share of the whole execution: of its latency, or of the stages' sum
    /// when rounding makes that larger, so the bars never overflow their track.
    /// </summary>
    public static IReadOnlyList<StageBar> Breakdown(StageTimings? stages, double latencyMs)
    {
        if (stages is null)
            return [];
        (string Name, double? Ms)[] parts =
        [
            ("Route", stages.RouteMs), ("Render", stages.RenderMs), ("Cache", stages.CacheMs),
            ("Provider", stages.ProviderMs), ("Checks", stages.ChecksMs),
        ];
        var sum = parts.Sum(p => Math.Max(0, p.Ms ?? 0));
        var whole = Math.Max(latencyMs, sum);
        return parts
            .Select(p => new StageBar(p.Name, p.Ms, p.Ms is { } ms && whole > 0 ? Math.Round(Math.Max(0, ms) / whole * 100, 1) : 0))
            .ToArray();
    }
}
