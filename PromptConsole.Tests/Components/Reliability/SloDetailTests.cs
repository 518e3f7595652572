using PromptConsole.Domain.Access;
using static PromptConsole.Tests.Components.Rendering.RoleControls;
using Bunit;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Components.Pages.Slos;
using PromptConsole.Web.Model.Slos;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>One SLO's page: budget, SLI, windows with thresholds, the chart, its alerts and acknowledging them, live refresh.</summary>
public class SloDetailTests : ReliabilityPageTest
{
    private static IReadOnlyList<SloBurnPoint> Series() =>
    [
        new(ReliabilityFixtures.Now.AddMinutes(-20), ReliabilityFixtures.Rates(fiveMinutes: 1, oneHour: 1), 0.9),
        new(ReliabilityFixtures.Now.AddMinutes(-10), ReliabilityFixtures.Rates(fiveMinutes: 20, oneHour: 15), 0.85),
    ];

    private IRenderedComponent<SloDetail> RenderPage(Guid id) => Render<SloDetail>(p => p.Add(d => d.Id, id));

    [Fact]
    public void An_unknown_slo_shows_the_service_message()
    {
        var page = RenderPage(Guid.NewGuid());

        var error = page.WaitForElement("[data-testid=slo-load-error]");
        Assert.Contains("No SLO with id", error.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void It_shows_the_budget_the_sli_against_the_objective_and_each_window_against_its_thresholds()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo, ReliabilityFixtures.Status(slo, budget: 0.2, rates: ReliabilityFixtures.Rates(fiveMinutes: 20, thirtyMinutes: 2, oneHour: 15, sixHours: 1.2, oneDay: null), burning: "page",
            sli: 0.99412, events: 5000, badEvents: 29), Series());

        var page = RenderPage(slo.Id);

        var budget = page.WaitForElement("[data-testid=slo-budget-value]");
        Assert.Equal(("20.0 %", "breached"), (budget.TextContent.Trim(), budget.GetAttribute("data-risk")));
        Assert.Equal("99.412 %", ByTestId(page, "slo-sli-value").TextContent);
        Assert.Equal("99.5 %", ByTestId(page, "slo-objective").TextContent);
        Assert.Equal(("5000", "29"), (ByTestId(page, "slo-events").GetAttribute("data-events"), ByTestId(page, "slo-events").GetAttribute("data-bad-events")));
        Assert.Equal("page", ByTestId(page, "slo-burning").GetAttribute("data-burning"));

        var windows = page.FindAll("[data-testid=slo-window]");
        Assert.Equal(["5m", "30m", "1h", "6h", "1d", "3d"], windows.Select(w => w.GetAttribute("data-window")));
        Assert.Equal(["page", "none", "page", "ticket", "none", "none"], windows.Select(w => w.GetAttribute("data-crossed")));
        Assert.Equal("×20.00", windows[0].QuerySelector("[data-testid=slo-window-rate]")!.TextContent);
        Assert.Equal("—", windows[4].QuerySelector("[data-testid=slo-window-rate]")!.TextContent);
        Assert.Contains("page ≥ ×6 · ticket ≥ ×1", windows[3].TextContent, StringComparison.Ordinal);

        Assert.NotNull(page.Find("[data-testid=chart-slo-burn] svg"));
        Assert.Equal(["5m", "30m", "1h", "6h", "1d", "3d"], page.FindAll("[data-testid=chart-slo-burn] [data-testid=chart-series]").Select(s => s.GetAttribute("data-series")));
        Assert.Equal("×20.00", page.Find("[data-testid=chart-slo-burn] [data-series='5m'] .pc-legend-value").TextContent);
        Assert.NotNull(page.Find("[data-testid=chart-slo-budget]"));
        Assert.Equal([TimeSpan.FromDays(1)], Slos.SeriesRanges.Distinct());
    }

    [Fact]
    public void Without_events_and_alerts_it_says_so()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo, ReliabilityFixtures.Status(slo, budget: 1, sli: null, events: 0, badEvents: 0, rates: ReliabilityFixtures.Rates(null, null, null, null, null, null)));

        var page = RenderPage(slo.Id);

        page.WaitForElement("[data-testid=slo-charts-empty]");
        Assert.NotNull(page.Find("[data-testid=slo-alerts-empty]"));
        Assert.Equal("—", ByTestId(page, "slo-sli-value").TextContent);
        Assert.Equal("healthy", ByTestId(page, "slo-budget-value").GetAttribute("data-risk"));
    }

    [Fact]
    public void Status_and_series_failures_show_the_service_messages()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo);
        Slos.StatusError = new Error(ErrorKind.Unavailable, "metrics-unavailable", "The metrics store cannot be read.");
        Slos.SeriesError = new Error(ErrorKind.Unavailable, "metrics-unavailable", "The burn series cannot be read.");

        var page = RenderPage(slo.Id);

        page.WaitForAssertion(() => Assert.Contains("The metrics store cannot be read.", ByTestId(page, "slo-status-error").TextContent, StringComparison.Ordinal));
        Assert.Contains("The burn series cannot be read.", ByTestId(page, "slo-series-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Acknowledge_asks_for_an_optional_comment_calls_the_service_and_the_row_shows_it()
    {
        var slo = ReliabilityFixtures.Slo();
        var alert = ReliabilityFixtures.Alert(sloId: slo.Id);
        Alerts.AddAlert(alert);
        Slos.Add(slo, ReliabilityFixtures.Status(slo, budget: 0.3, burning: "page", alerts: [alert]));
        var dialogs = RenderDialogs();
        var page = RenderPage(slo.Id);

        var row = page.WaitForElement("[data-testid=slo-alerts] [data-testid=alert-row]");
        Assert.Equal("firing", row.GetAttribute("data-status"));
        Assert.Equal(["false", "true"], row.QuerySelectorAll("[data-testid=notification-attempt]").Select(a => a.GetAttribute("data-succeeded")));
        ByTestId(page, "alert-acknowledge").Click();
        dialogs.WaitForElement("[data-testid=acknowledge-dialog]");
        InputByTestId(dialogs, "acknowledge-comment").Input("provider outage, on it");
        ByTestId(dialogs, "confirm-acknowledge").Click();

        page.WaitForAssertion(() => Assert.Equal("acknowledged", page.Find("[data-testid=slo-alerts] [data-testid=alert-row]").GetAttribute("data-status")));
        Assert.Equal([("acknowledge", (Guid?)alert.Id, "provider outage, on it", "oncall")], Alerts.Calls.Select(c => (c.Action, c.Id, c.Comment, c.Actor)));
        Assert.Contains("oncall", ByTestId(page, "alert-acknowledged").TextContent, StringComparison.Ordinal);
        Assert.False(Has(page, "alert-acknowledge"));
    }

    [Fact]
    public void Cancelling_the_acknowledgement_calls_nothing_and_a_refusal_shows_the_service_message()
    {
        var slo = ReliabilityFixtures.Slo();
        var alert = ReliabilityFixtures.Alert(sloId: slo.Id);
        Alerts.AddAlert(alert);
        Slos.Add(slo, ReliabilityFixtures.Status(slo, alerts: [alert]));
        var dialogs = RenderDialogs();
        var page = RenderPage(slo.Id);

        page.WaitForElement("[data-testid=alert-acknowledge]").Click();
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=acknowledge-dialog]")));
        Assert.Empty(Alerts.Calls);

        Alerts.AcknowledgeError = Error.Conflict("alert-resolved", "The alert resolved at 11:58; there is nothing to acknowledge.");
        ByTestId(page, "alert-acknowledge").Click();
        dialogs.WaitForElement("[data-testid=confirm-acknowledge]").Click();

        page.WaitForAssertion(() => Assert.Contains("there is nothing to acknowledge", ByTestId(page, "slo-action-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void The_page_follows_the_budget_as_it_drops()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo, ReliabilityFixtures.Status(slo, budget: 0.9));
        var page = RenderPage(slo.Id);
        page.WaitForAssertion(() => Assert.Equal("90.0 %", ByTestId(page, "slo-budget-value").TextContent.Trim()));

        Slos.SetStatus(ReliabilityFixtures.Status(slo, budget: 0.4, burning: "ticket"));
        Time.Advance(SloPageViewModel.RefreshInterval);

        page.WaitForAssertion(() => Assert.Equal("40.0 %", ByTestId(page, "slo-budget-value").TextContent.Trim()));
        Assert.Equal("ticket", ByTestId(page, "slo-burning").GetAttribute("data-burning"));
        Assert.Equal("at-risk", ByTestId(page, "slo-budget-value").GetAttribute("data-risk"));
    }

    [Fact]
    public void Another_range_reads_the_series_over_it()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo, ReliabilityFixtures.Status(slo), Series());
        var page = RenderPage(slo.Id);

        page.WaitForElement("[data-testid=slo-range-7d]").Click();

        page.WaitForAssertion(() => Assert.Equal(TimeSpan.FromDays(7), Slos.SeriesRanges[^1]));
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public void Acknowledge_is_offered_only_to_operators(ConsoleRole role, bool allowed)
    {
        var slo = ReliabilityFixtures.Slo();
        var alert = ReliabilityFixtures.Alert(sloId: slo.Id);
        Alerts.AddAlert(alert);
        Slos.Add(slo, ReliabilityFixtures.Status(slo, alerts: [alert]));
        User.Role = role;
        var page = RenderPage(slo.Id);

        page.WaitForElement("[data-testid=slo-alerts]");
        AssertShown(page, allowed, "alert-acknowledge");
    }
}
