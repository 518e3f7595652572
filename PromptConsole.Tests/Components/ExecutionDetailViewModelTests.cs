using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public sealed class ExecutionDetailViewModelTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";

    private static ExecutionRecord Record(StageTimings? stages = null, string? traceId = TraceId, bool captured = false)
    {
        var record = new ExecutionRecord(Guid.NewGuid(), new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero), "greeting", 2, "label", "production", null, null);
        record.Complete(ExecutionOutcome.Success, "sim-small", true, null, 100, 1, 10, 20, 0.0002m, "in", "out", traceId);
        if (stages is not null)
            record.RecordStages(stages);
        if (captured)
            record.Capture("the input", "the output", new DateTimeOffset(2026, 1, 22, 9, 0, 0, TimeSpan.Zero));
        return record;
    }

    private static ExecutionDetailViewModel Create(FakeExecutionExplorer explorer, string? template = null) =>
        new(explorer, Options.Create(new TracingOptions { TraceUrlTemplate = template }));

    [Fact]
    public async Task Loads_the_record_its_stage_bars_and_the_trace_link()
    {
        var explorer = new FakeExecutionExplorer();
        var record = Record(new StageTimings(1, 4, 0.5, 90, 4.5));
        explorer.Records[record.Id] = record;
        var page = Create(explorer, "http://localhost:16686/trace/{traceId}");

        await page.LoadAsync(record.Id.ToString());

        Assert.True(page.Loaded);
        Assert.Same(record, page.Record);
        Assert.Null(page.Error);
        Assert.Equal($"http://localhost:16686/trace/{TraceId}", page.TraceUrl);
        Assert.Equal(["Route", "Render", "Cache", "Provider", "Checks"], page.Stages.Select(s => s.Name));
        Assert.Equal([1.0, 4.0, 0.5, 90.0, 4.5], page.Stages.Select(s => s.WidthPercent));
        Assert.False(page.HasCapture);
    }

    [Fact]
    public async Task Without_a_template_there_is_no_link_and_without_a_trace_neither()
    {
        var explorer = new FakeExecutionExplorer();
        var traced = Record();
        var untraced = Record(traceId: null);
        explorer.Records[traced.Id] = traced;
        explorer.Records[untraced.Id] = untraced;

        var noTemplate = Create(explorer);
        await noTemplate.LoadAsync(traced.Id.ToString());
        Assert.Null(noTemplate.TraceUrl);
        Assert.Equal(TraceId, noTemplate.Record!.TraceId);

        var noTrace = Create(explorer, "http://localhost:16686/trace/{traceId}");
        await noTrace.LoadAsync(untraced.Id.ToString());
        Assert.Null(noTrace.TraceUrl);
    }

    [Fact]
    public async Task Captured_text_is_shown_only_when_it_was_captured()
    {
        var explorer = new FakeExecutionExplorer();
        var captured = Record(captured: true);
        explorer.Records[captured.Id] = captured;
        var page = Create(explorer);

        await page.LoadAsync(captured.Id.ToString());

        Assert.True(page.HasCapture);
    }

    [Fact]
    public async Task An_unknown_id_is_not_found_and_a_malformed_one_is_invalid()
    {
        var page = Create(new FakeExecutionExplorer());

        var unknown = Guid.NewGuid();
        await page.LoadAsync(unknown.ToString());
        Assert.True(page.Loaded);
        Assert.Null(page.Record);
        Assert.Equal(ErrorKind.NotFound, page.Error!.Kind);
        Assert.Contains(unknown.ToString(), page.Error.Message, StringComparison.Ordinal);

        await page.LoadAsync("not-an-id");
        Assert.Equal(ErrorKind.Validation, page.Error!.Kind);
        Assert.Equal("id", Assert.Single(page.Error.Fields).Field);
    }

    [Fact]
    public async Task Loading_another_execution_forgets_the_previous_one()
    {
        var explorer = new FakeExecutionExplorer();
        var record = Record(new StageTimings(1, 1, 1, 1, 1));
        explorer.Records[record.Id] = record;
        var page = Create(explorer, "http://localhost:16686/trace/{traceId}");
        await page.LoadAsync(record.Id.ToString());

        await page.LoadAsync(Guid.NewGuid().ToString());

        Assert.Null(page.Record);
        Assert.Empty(page.Stages);
        Assert.Null(page.TraceUrl);
    }

    public static TheoryData<string, StageTimings?, double, double?[], double[]> BreakdownCases => new()
    {
        // case, stages, latency → each stage's ms and bar width (% of the whole)
        { "shares of the latency", new StageTimings(10, 20, 10, 50, 10), 100, [10, 20, 10, 50, 10], [10, 20, 10, 50, 10] },
        { "time outside the stages leaves the bars short", new StageTimings(1, 1, 1, 1, 1), 10, [1, 1, 1, 1, 1], [10, 10, 10, 10, 10] },
        { "stages that did not run have no bar", new StageTimings(1, 1, 8, null, null), 10, [1, 1, 8, null, null], [10, 10, 80, 0, 0] },
        { "rounding above the latency is scaled to fit", new StageTimings(5, 5, 5, 5, 5), 20, [5, 5, 5, 5, 5], [20, 20, 20, 20, 20] },
        { "zero latency and zero stages", new StageTimings(0, 0, 0, 0, 0), 0, [0, 0, 0, 0, 0], [0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(BreakdownCases))]
    public void The_breakdown_gives_each_stage_its_share(string @case, StageTimings? stages, double latencyMs, double?[] ms, double[] widths)
    {
        var bars = ExecutionDetailViewModel.Breakdown(stages, latencyMs);

        Assert.True(ms.SequenceEqual(bars.Select(b => b.Ms)), @case);
        Assert.True(widths.SequenceEqual(bars.Select(b => b.WidthPercent)), $"{@case}: {string.Join(", ", bars.Select(b => b.WidthPercent))}");
    }

    [Fact]
    public void Records_without_stage_timings_have_no_breakdown() =>
        Assert.Empty(ExecutionDetailViewModel.Breakdown(null, 50));
}
