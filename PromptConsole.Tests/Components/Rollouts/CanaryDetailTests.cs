using PromptConsole.Domain.Access;
using static PromptConsole.Tests.Components.Rendering.RoleControls;
using Bunit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Components.Pages.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

public class CanaryDetailTests : CanaryPageTest
{
    private IRenderedComponent<CanaryDetail> RenderPage(CanaryDetails? canary = null)
    {
        Canaries.Add(canary ?? CanaryFixtures.Running(), CanaryFixtures.Series());
        var page = Render<CanaryDetail>(p => p.Add(d => d.CanaryKey, CanaryFixtures.Key));
        page.WaitForElement("[data-testid=canary-page]");
        return page;
    }

    [Fact]
    public void The_header_names_the_prompt_label_versions_and_status_and_links_the_prompt_and_its_incidents()
    {
        var page = RenderPage();

        Assert.Equal("greeting", page.Find("h1").TextContent);
        Assert.Equal("production", ByTestId(page, "canary-label").TextContent);
        Assert.Equal("v1 → v2", ByTestId(page, "canary-versions").TextContent);
        Assert.Equal("Running", ByTestId(page, "canary-status").GetAttribute("data-status"));
        Assert.Equal("prompts/greeting", ByTestId(page, "canary-prompt-link").GetAttribute("href"));
        Assert.Equal("prompts/greeting?tab=incidents", ByTestId(page, "canary-incidents-link").GetAttribute("href"));
        Assert.False(Has(page, "canary-status-reason"));
    }

    [Fact]
    public void The_steps_show_each_percent_with_the_current_one_highlighted_and_the_progress_in_it()
    {
        var page = RenderPage();

        var states = Enumerable.Range(0, 4).Select(i => ByTestId(page, $"canary-step-{i}")).Select(e => (e.TextContent.Trim(), e.GetAttribute("data-state") ?? "")).ToArray();
        Assert.Equal([("5 %", "done"), ("25 %", "current"), ("50 %", "next"), ("100 %", "next")], states);
        var progress = ByTestId(page, "canary-step-progress").TextContent;
        Assert.Contains("Step 2 of 4", progress, StringComparison.Ordinal);
        // The clock is 5 minutes into the step; the last analysis of this step counted 31 candidate executions.
        Assert.Contains("5 min 00 s of at least 10 min 00 s", progress, StringComparison.Ordinal);
        Assert.Contains("31 of at least 50 candidate executions", progress, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gates_show_their_latest_measurement_and_the_decisions_their_reasons_newest_first()
    {
        var page = RenderPage();

        Assert.Equal("inconclusive", ByTestId(page, "canary-gate-ErrorRate").GetAttribute("data-phase"));
        Assert.Equal("+1.8 pp", ByTestId(page, "canary-gate-value-ErrorRate").TextContent);
        Assert.Equal("successful", ByTestId(page, "canary-gate-P95LatencyRatio").GetAttribute("data-phase"));
        Assert.Equal("×1.06", ByTestId(page, "canary-gate-value-P95LatencyRatio").TextContent);
        Assert.Equal("none", ByTestId(page, "canary-gate-CostPerExecutionRatio").GetAttribute("data-phase"));
        Assert.Contains("pass ≤ ×1.20 · fail > ×1.50", ByTestId(page, "canary-gate-P95LatencyRatio").TextContent, StringComparison.Ordinal);

        var decisions = page.FindAll("[data-testid=canary-decision]");
        Assert.Equal(["wait", "advance"], decisions.Select(d => d.GetAttribute("data-action") ?? ""));
        Assert.Equal("Every gate passed after 10 min and 64 candidate executions.", decisions[1].QuerySelector("[data-testid=canary-decision-reason]")!.TextContent);
    }

    [Fact]
    public void The_charts_draw_baseline_against_candidate()
    {
        var page = RenderPage();

        foreach (var chart in new[] { "canary-error-rate", "canary-latency", "canary-cost" })
            Assert.Equal("2", ByTestId(page, $"chart-{chart}").GetAttribute("data-series-count"));
        var series = ByTestId(page, "chart-canary-error-rate").QuerySelectorAll("[data-testid=chart-series]").Select(s => s.GetAttribute("data-series") ?? "").ToArray();
        Assert.Equal(["baseline v1", "candidate v2"], series);
    }

    [Fact]
    public void Abort_asks_why_then_aborts_and_shows_the_reason_prominently()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage();

        page.Find("[data-testid=canary-abort]").Click();
        dialogs.WaitForElement("[data-testid=abort-reason]");
        Assert.Contains("back to v1", dialogs.Find("[data-testid=reason-message]").TextContent, StringComparison.Ordinal);
        InputByTestId(dialogs, "abort-reason").Input("answers are too long");
        dialogs.Find("[data-testid=confirm-abort]").Click();

        page.WaitForAssertion(() => Assert.Equal("Aborted", ByTestId(page, "canary-status").GetAttribute("data-status")));
        Assert.Equal([("abort", "greeting", "answers are too long", "oncall")], Canaries.Calls);
        var reason = ByTestId(page, "canary-status-reason");
        Assert.Contains("answers are too long", reason.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-alert-filled-error", reason.ClassName, StringComparison.Ordinal);
        Assert.False(Has(page, "canary-abort"));
        Assert.False(Has(page, "canary-pause"));
    }

    [Fact]
    public void Cancelling_the_reason_dialog_changes_nothing()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage();

        page.Find("[data-testid=canary-abort]").Click();
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=reason-dialog]")));
        Assert.Empty(Canaries.Calls);
    }

    [Fact]
    public void Pause_then_resume_each_with_a_reason()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage();

        page.Find("[data-testid=canary-pause]").Click();
        dialogs.WaitForElement("[data-testid=pause-reason]");
        InputByTestId(dialogs, "pause-reason").Input("checking answers");
        dialogs.Find("[data-testid=confirm-pause]").Click();
        page.WaitForAssertion(() => Assert.Equal("Paused", ByTestId(page, "canary-status").GetAttribute("data-status")));
        Assert.Contains("checking answers", ByTestId(page, "canary-status-reason").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=canary-resume]").Click();
        dialogs.WaitForElement("[data-testid=resume-reason]");
        InputByTestId(dialogs, "resume-reason").Input("all fine");
        dialogs.Find("[data-testid=confirm-resume]").Click();
        page.WaitForAssertion(() => Assert.Equal("Running", ByTestId(page, "canary-status").GetAttribute("data-status")));

        Assert.Equal(["pause", "resume"], Canaries.Calls.Select(c => c.Action));
        Assert.Equal(["checking answers", "all fine"], Canaries.Calls.Select(c => c.Reason));
    }

    [Fact]
    public void Promote_confirms_and_promotes()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage();

        page.Find("[data-testid=canary-promote]").Click();
        dialogs.WaitForElement("[data-testid=promote-reason]");
        InputByTestId(dialogs, "promote-reason").Input("green at 25 %");
        dialogs.Find("[data-testid=confirm-promote]").Click();

        page.WaitForAssertion(() => Assert.Equal("Promoted", ByTestId(page, "canary-status").GetAttribute("data-status")));
        Assert.Equal([("promote", "greeting", "green at 25 %", "oncall")], Canaries.Calls);
        Assert.Contains("Promoted", ByTestId(page, "canary-action-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_from_the_service_is_shown_with_its_message()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage();
        Canaries.NextError = Error.Conflict("canary-ended", "The canary already ended: the controller aborted it.");

        page.Find("[data-testid=canary-pause]").Click();
        dialogs.WaitForElement("[data-testid=confirm-pause]").Click();

        page.WaitForAssertion(() => Assert.Equal("The canary already ended: the controller aborted it.",
            page.Find("[data-testid=canary-action-error] .pc-error-message").TextContent));
        Assert.Equal("Running", ByTestId(page, "canary-status").GetAttribute("data-status"));
    }

    [Fact]
    public void An_unknown_canary_shows_the_service_message()
    {
        var page = Render<CanaryDetail>(p => p.Add(d => d.CanaryKey, "canary-missing"));

        page.WaitForAssertion(() => Assert.Equal("Canary 'canary-missing' does not exist.", page.Find("[data-testid=canary-load-error] .pc-error-message").TextContent));
    }

    [Fact]
    public void When_automation_stood_down_the_page_says_why_and_until_when()
    {
        Rollbacks.Status = new AutomationStatus(false, "3 automatic rollbacks in 24 hours.", new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero), 3);
        var page = RenderPage(CanaryFixtures.Running(statusReason: "Automation stood down: 3 automatic rollbacks in 24 hours."));

        var automation = ByTestId(page, "canary-automation").TextContent;
        Assert.Contains("3 automatic rollbacks in 24 hours.", automation, StringComparison.Ordinal);
        Assert.Contains("2026-03-02 18:00:00 UTC", automation, StringComparison.Ordinal);
        Assert.Contains("Automation stood down", ByTestId(page, "canary-status-reason").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_canary_is_read_again_on_the_clock_and_the_page_follows_its_steps()
    {
        var page = RenderPage();
        var reads = Canaries.Reads;

        Canaries.Add(CanaryFixtures.Running() with { StepIndex = 2, Percent = 50 });
        Time.Advance(TimeSpan.FromSeconds(3));

        page.WaitForAssertion(() => Assert.Equal("current", ByTestId(page, "canary-step-2").GetAttribute("data-state")));
        Assert.True(Canaries.Reads > reads);
        Assert.Equal("50", ByTestId(page, "canary-steps").GetAttribute("data-percent"));
    }

    [Fact]
    public void An_ended_canary_is_not_polled()
    {
        var page = RenderPage(CanaryFixtures.Aborted(CanaryFixtures.Key, CanaryFixtures.Started.AddMinutes(12)));
        var reads = Canaries.Reads;

        Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(reads, Canaries.Reads);
        Assert.False(Has(page, "canary-actions") && Has(page, "canary-abort"));
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public void Promote_pause_and_abort_are_offered_only_to_operators(ConsoleRole role, bool allowed)
    {
        User.Role = role;
        var page = RenderPage();

        AssertShown(page, allowed, "canary-promote", "canary-pause", "canary-abort");
    }
}
