using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Components.Pages.Executions;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Rendering;

public class ExecutionDetailTests : MudComponentTest
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";

    private readonly FakeExecutionExplorer _explorer = new();

    private ExecutionRecord Add(StageTimings? stages = null, bool captured = false, ExecutionOrigin origin = ExecutionOrigin.Api, bool simulated = true)
    {
        var record = new ExecutionRecord(Guid.NewGuid(), new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero), "greeting", 2, "label", "production", null, null, origin);
        record.Complete(ExecutionOutcome.Success, "sim-small", simulated, null, 100, 2, 1234, 20, 0.0002m, "in-hash", "out-hash", TraceId);
        if (stages is not null)
            record.RecordStages(stages);
        if (captured)
            record.Capture("the input", "the output", new DateTimeOffset(2026, 1, 22, 9, 0, 0, TimeSpan.Zero));
        _explorer.Records[record.Id] = record;
        return record;
    }

    private IRenderedComponent<ExecutionDetail> Open(string id, string? traceTemplate = "http://traces.test/trace/{traceId}")
    {
        Services.AddSingleton<IExecutionExplorer>(_explorer);
        Services.AddSingleton(Options.Create(new TracingOptions { TraceUrlTemplate = traceTemplate }));
        Services.AddScoped<ExecutionDetailViewModel>();
        return Render<ExecutionDetail>(p => p.Add(d => d.Id, id));
    }

    [Fact]
    public void It_shows_a_bar_per_stage_sized_by_its_share_and_the_total()
    {
        var record = Add(new StageTimings(1, 4, 0.5, 90, null));

        var page = Open(record.Id.ToString());

        var stages = page.FindAll("[data-testid=stage-timings] [data-stage]");
        Assert.Equal(["Route", "Render", "Cache", "Provider", "Checks"], stages.Select(s => s.GetAttribute("data-stage")));
        Assert.Equal("90", stages[3].QuerySelector("[data-width]")!.GetAttribute("data-width"));
        Assert.EndsWith("90 ms", stages[3].TextContent.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("did not run", stages[4].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Total", page.Find(".pc-stage-total").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void It_shows_tokens_cost_attempts_the_trace_link_and_the_simulated_badge()
    {
        var record = Add();

        var page = Open(record.Id.ToString());

        Assert.Equal("1,234 in, 20 out", page.Find("[data-testid=execution-tokens]").TextContent);
        Assert.Equal(ConsoleFormat.Cost(0.0002m), page.Find("[data-testid=execution-cost]").TextContent);
        Assert.Equal("2", page.Find("[data-testid=execution-attempts]").TextContent);
        var trace = page.Find("[data-testid=trace-link]");
        Assert.Equal($"http://traces.test/trace/{TraceId}", trace.GetAttribute("href"));
        Assert.Equal(TraceId, trace.TextContent.Trim());
        Assert.Equal("simulated", page.Find("[data-testid=simulated-badge]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=generated-badge]"));
        Assert.Contains("Stage timings were not recorded", page.Markup, StringComparison.Ordinal);
        Assert.Equal("executions?prompt=greeting", page.Find("[data-testid=executions-of-prompt]").GetAttribute("href"));
    }

    [Fact]
    public void Without_a_trace_ui_the_trace_id_is_shown_as_text()
    {
        var record = Add();

        var page = Open(record.Id.ToString(), traceTemplate: null);

        Assert.Equal(TraceId, page.Find("[data-testid=trace-id]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=trace-link]"));
    }

    [Fact]
    public void Captured_text_is_shown_only_when_capture_was_on()
    {
        var captured = Add(captured: true, origin: ExecutionOrigin.DemoTraffic, simulated: false);
        var page = Open(captured.Id.ToString());

        Assert.Equal("the input", page.Find("[data-testid=captured-input]").TextContent);
        Assert.Equal("the output", page.Find("[data-testid=captured-output]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=no-capture]"));
        Assert.Equal("generated", page.Find("[data-testid=generated-badge]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=simulated-badge]"));

        var plain = Add();
        page.Render(p => p.Add(d => d.Id, plain.Id.ToString()));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-capture]")));
        Assert.Empty(page.FindAll("[data-testid=captured-input]"));
    }

    [Theory]
    [InlineData("not-a-guid", "is not an execution id")]
    [InlineData("00000000-0000-0000-0000-000000000000", "There is no execution '00000000-0000-0000-0000-000000000000'.")]
    public void An_unknown_or_malformed_id_shows_the_not_found_panel(string id, string message)
    {
        var page = Open(id);

        Assert.NotNull(page.Find("[data-testid=execution-not-found]"));
        Assert.Contains(message, page.Find("[data-testid=execution-load-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=execution-detail]"));
    }
}
