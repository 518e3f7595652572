using PromptConsole.Domain.Access;
using static PromptConsole.Tests.Components.Rendering.RoleControls;
using Bunit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Components.Pages.Experiments;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Tests.Components.Rendering;

public class ExperimentDetailTests : ExperimentPageTest
{
    private IRenderedComponent<ExperimentDetail> RenderPage(ExperimentStatus status, bool srmMismatch = false)
    {
        Experiments.Add(ExperimentFixtures.Details(status), ExperimentFixtures.Results(srmMismatch: srmMismatch),
            new PromptConsole.Domain.Audit.AuditEvent(ExperimentFixtures.Created, "alice", "experiment.created", "greeting", "experiment:greeting-tone", "created greeting-tone", "tone test"));
        var page = Render<ExperimentDetail>(p => p.Add(d => d.Key, "greeting-tone"));
        page.WaitForElement("[data-testid=experiment-page]");
        return page;
    }

    [Fact]
    public void Shows_the_header_with_status_and_hypothesis()
    {
        var page = RenderPage(ExperimentStatus.Running);

        Assert.Equal("Running", ByTestId(page, "experiment-status").GetAttribute("data-status"));
        Assert.Equal("A warmer greeting answers more often", ByTestId(page, "experiment-hypothesis").TextContent);
        Assert.Equal("prompts/greeting", ByTestId(page, "experiment-prompt-link").GetAttribute("href"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_srm_banner_shows_only_on_a_mismatch(bool mismatch)
    {
        var page = RenderPage(ExperimentStatus.Running, srmMismatch: mismatch);

        Assert.Equal(mismatch, Has(page, "srm-banner"));
        if (mismatch)
        {
            var banner = ByTestId(page, "srm-banner");
            Assert.Contains("A mismatch invalidates the results", banner.TextContent, StringComparison.Ordinal);
            Assert.Contains("p < 0.001", banner.TextContent, StringComparison.Ordinal);
            Assert.Contains("mud-alert-filled-error", banner.ClassName, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_recommendation_card_names_the_action_the_arm_and_the_reasons()
    {
        var page = RenderPage(ExperimentStatus.Running);

        var card = ByTestId(page, "recommendation");
        Assert.Equal(("ship", "warm"), (card.GetAttribute("data-action"), card.GetAttribute("data-arm")));
        Assert.Equal("Ship warm", ByTestId(page, "recommendation-action").TextContent);
        Assert.Equal(2, ByTestId(page, "recommendation-reasoning").QuerySelectorAll("li").Length);
        Assert.Contains("always-valid interval +0.1 to +5.9 pp", card.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_metric_table_shows_values_effects_and_verdicts_and_flags_a_worse_guardrail()
    {
        var page = RenderPage(ExperimentStatus.Running);

        Assert.Equal("1010", ByTestId(page, "arm-n-warm").GetAttribute("data-value"));
        Assert.Equal("93%", ByTestId(page, "value-successRate-warm").TextContent);
        Assert.Equal("950 ms", ByTestId(page, "value-p95Latency-warm").TextContent);
        var effect = ByTestId(page, "effect-successRate-warm").TextContent;
        Assert.Contains("+3 pp [+0.5 pp, +5.5 pp]", effect, StringComparison.Ordinal);
        Assert.Contains("+3.3% [+0.6%, +6.1%]", effect, StringComparison.Ordinal);
        Assert.Contains("+3 pp [+0.1 pp, +5.9 pp]", ByTestId(page, "sequential-successRate-warm").TextContent, StringComparison.Ordinal);
        Assert.Equal("0.018", ByTestId(page, "p-successRate-warm").TextContent);
        Assert.Equal("99.1%", ByTestId(page, "chance-successRate-warm").TextContent);
        Assert.Equal("better", ByTestId(page, "verdict-successRate-warm").GetAttribute("data-verdict"));
        Assert.Equal("worse", ByTestId(page, "verdict-p95Latency-warm").GetAttribute("data-verdict"));
        Assert.Contains("+150 ms [+80 ms, +220 ms]", ByTestId(page, "effect-p95Latency-warm").TextContent, StringComparison.Ordinal);

        Assert.Equal("true", ByTestId(page, "metric-p95Latency-warm").GetAttribute("data-flagged"));
        Assert.True(Has(page, "guardrail-flag-p95Latency-warm"));
        Assert.Equal("false", ByTestId(page, "metric-p95Latency-control").GetAttribute("data-flagged"));
        Assert.Equal("false", ByTestId(page, "metric-successRate-warm").GetAttribute("data-flagged"));
        Assert.Equal("guardrail", ByTestId(page, "metric-p95Latency").GetAttribute("data-role"));
    }

    [Fact]
    public void Charts_show_the_effect_with_its_interval_and_zero_line_and_the_sample_sizes()
    {
        var page = RenderPage(ExperimentStatus.Running);

        Assert.Equal("4", ByTestId(page, "chart-effect").GetAttribute("data-series-count"));
        Assert.Equal("2", ByTestId(page, "chart-sample-size").GetAttribute("data-series-count"));
    }

    [Fact]
    public void Report_links_download_markdown_and_json_and_the_audit_lists_the_events()
    {
        var page = RenderPage(ExperimentStatus.Running);

        var markdown = ByTestId(page, "experiment-report-md");
        Assert.Equal("/api/v1/experiments/greeting-tone/report.md", markdown.GetAttribute("href"));
        Assert.True(markdown.HasAttribute("download"));
        Assert.Equal("/api/v1/experiments/greeting-tone/report.json", ByTestId(page, "experiment-report-json").GetAttribute("href"));
        var audit = Assert.Single(page.FindAll("[data-testid=experiment-audit-row]"));
        Assert.Contains("tone test", audit.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExperimentStatus.Draft, "experiment-start")]
    [InlineData(ExperimentStatus.Running, "experiment-pause,experiment-stop,ship-warm")]
    [InlineData(ExperimentStatus.Paused, "experiment-resume,experiment-stop,ship-warm")]
    [InlineData(ExperimentStatus.Stopped, "")]
    public void Buttons_follow_the_status(ExperimentStatus status, string shown)
    {
        var page = RenderPage(status);

        string[] all = ["experiment-start", "experiment-pause", "experiment-resume", "experiment-stop", "ship-warm"];
        Assert.Equal(shown.Split(',', StringSplitOptions.RemoveEmptyEntries), all.Where(id => Has(page, id)));
        Assert.False(Has(page, "ship-control"));
    }

    [Fact]
    public void Pause_then_resume_call_the_service_and_swap_the_buttons()
    {
        var page = RenderPage(ExperimentStatus.Running);

        ByTestId(page, "experiment-pause").Click();
        page.WaitForAssertion(() => Assert.True(Has(page, "experiment-resume")));
        Assert.Equal("Paused", ByTestId(page, "experiment-status").GetAttribute("data-status"));
        ByTestId(page, "experiment-resume").Click();
        page.WaitForAssertion(() => Assert.True(Has(page, "experiment-pause")));

        Assert.Equal(["pause", "resume"], Experiments.Calls.Select(c => c.Action));
    }

    [Fact]
    public void Stop_suggests_the_recommended_arm_and_confirming_ships_it_with_the_reason()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage(ExperimentStatus.Running);

        ByTestId(page, "experiment-stop").Click();
        dialogs.WaitForElement("[data-testid=stop-dialog]");
        InputByTestId(dialogs, "stop-reason").Input("clear lift on success rate");
        ByTestId(dialogs, "confirm-stop").Click();

        page.WaitForAssertion(() => Assert.Equal("Stopped", ByTestId(page, "experiment-status").GetAttribute("data-status")));
        var call = Assert.Single(Experiments.Calls);
        Assert.Equal(("stop", new StopExperimentCommand(ExperimentVerdicts.Ship, "warm", "clear lift on success rate")), (call.Action, call.Command));
        Assert.Equal("ship warm", ByTestId(page, "experiment-decision").TextContent);
        Assert.False(Has(page, "experiment-stop"));
    }

    [Fact]
    public void Stop_without_a_winner_to_suggest_defaults_to_no_winner()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage(ExperimentStatus.Paused, srmMismatch: true);

        ByTestId(page, "experiment-stop").Click();
        dialogs.WaitForElement("[data-testid=confirm-stop]").Click();

        page.WaitForAssertion(() => Assert.Equal("Stopped", ByTestId(page, "experiment-status").GetAttribute("data-status")));
        Assert.Equal(new StopExperimentCommand(ExperimentVerdicts.NoWinner, null, null), Assert.Single(Experiments.Calls).Command);
        Assert.Equal("no winner", ByTestId(page, "experiment-decision").TextContent);
    }

    [Fact]
    public void Cancelling_the_stop_dialog_changes_nothing()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage(ExperimentStatus.Running);

        ByTestId(page, "experiment-stop").Click();
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        dialogs.WaitForAssertion(() => Assert.False(Has(dialogs, "stop-dialog")));
        Assert.Empty(Experiments.Calls);
        Assert.Equal("Running", ByTestId(page, "experiment-status").GetAttribute("data-status"));
    }

    [Fact]
    public void The_ship_shortcut_confirms_with_a_reason_then_stops_with_a_ship_decision()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage(ExperimentStatus.Running);

        ByTestId(page, "ship-warm").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("deploys v2 (warm) to production", ByTestId(dialogs, "reason-message").TextContent, StringComparison.Ordinal));
        InputByTestId(dialogs, "ship-reason").Input("warm wins");
        ByTestId(dialogs, "confirm-ship").Click();

        page.WaitForAssertion(() => Assert.Equal("Stopped", ByTestId(page, "experiment-status").GetAttribute("data-status")));
        Assert.Equal(new StopExperimentCommand(ExperimentVerdicts.Ship, "warm", "warm wins"), Assert.Single(Experiments.Calls).Command);
        Assert.Contains("warm shipped to production", ByTestId(page, "experiment-action-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_the_ship_dialog_changes_nothing()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage(ExperimentStatus.Running);

        ByTestId(page, "ship-warm").Click();
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        dialogs.WaitForAssertion(() => Assert.False(Has(dialogs, "reason-dialog")));
        Assert.Empty(Experiments.Calls);
    }

    [Fact]
    public void A_refused_start_shows_the_service_message()
    {
        var page = RenderPage(ExperimentStatus.Draft);
        Experiments.NextError = Error.Validation("overlap", "Another live experiment has the same prompt and audience.");

        ByTestId(page, "experiment-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Another live experiment has the same prompt and audience.", ByTestId(page, "experiment-action-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("Draft", ByTestId(page, "experiment-status").GetAttribute("data-status"));
    }

    [Fact]
    public void An_unknown_experiment_shows_the_service_message()
    {
        var page = Render<ExperimentDetail>(p => p.Add(d => d.Key, "missing"));

        page.WaitForAssertion(() => Assert.Contains("Experiment 'missing' does not exist.", ByTestId(page, "experiment-load-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_running_experiment_shows_new_results_after_five_seconds()
    {
        var page = RenderPage(ExperimentStatus.Running);
        Assert.False(Has(page, "srm-banner"));

        Experiments.SetResults("greeting-tone", ExperimentFixtures.Results(srmMismatch: true));
        Time.Advance(TimeSpan.FromSeconds(5));

        page.WaitForAssertion(() => Assert.True(Has(page, "srm-banner")));
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public void Start_pause_stop_and_ship_are_offered_only_to_operators(ConsoleRole role, bool allowed)
    {
        User.Role = role;
        var page = RenderPage(ExperimentStatus.Running);

        AssertShown(page, allowed, "experiment-pause", "experiment-stop");
        Assert.Equal(allowed, page.FindAll("[data-testid^='ship-']").Count > 0);
        AssertShown(page, true, "experiment-report-md");
    }
}
