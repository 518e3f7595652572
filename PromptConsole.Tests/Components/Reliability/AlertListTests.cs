using PromptConsole.Domain.Access;
using static PromptConsole.Tests.Components.Rendering.RoleControls;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Components.Pages.Alerts;
using PromptConsole.Web.Model.Alerts;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>The alerts page: firing with acknowledge, history with filters, rules with their dialog, attempts under each alert.</summary>
public class AlertListTests : ReliabilityPageTest
{
    private static readonly Guid Resolved = Guid.Parse("a1e7a1e7-0000-4000-8000-000000000002");
    private static readonly Guid OtherChannel = Guid.Parse("c4a11e10-0000-4000-8000-000000000002");

    private IRenderedComponent<AlertList> RenderPage(string? tab = null)
    {
        if (tab is not null)
        {
            var navigation = Services.GetRequiredService<NavigationManager>();
            navigation.NavigateTo(navigation.GetUriWithQueryParameter("tab", tab));
        }

        var page = Render<AlertList>();
        page.WaitForElement("[data-testid=alerts-tabs]");
        return page;
    }

    [Fact]
    public void With_nothing_it_shows_every_empty_state()
    {
        var page = RenderPage();

        Assert.NotNull(page.Find("[data-testid=alerts-firing-empty]"));
        Assert.NotNull(page.Find("[data-testid=alerts-history-empty]"));
        Assert.NotNull(page.Find("[data-testid=alert-rules-empty]"));
    }

    [Fact]
    public void A_failed_read_shows_the_error()
    {
        Alerts.ListFailure = new InvalidOperationException("database is down");

        var page = Render<AlertList>();

        page.WaitForAssertion(() => Assert.Contains("database is down", ByTestId(page, "alerts-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Firing_lists_firing_and_acknowledged_alerts_with_their_notification_attempts()
    {
        Alerts.AddAlert(ReliabilityFixtures.Alert());
        Alerts.AddAlert(ReliabilityFixtures.Alert(Resolved, status: "resolved", startedAt: ReliabilityFixtures.Now.AddHours(-3)));

        var page = RenderPage();

        var firing = page.FindAll("[data-testid=alerts-firing] [data-testid=alert-row]");
        var row = Assert.Single(firing);
        Assert.Equal("firing", row.GetAttribute("data-status"));
        var attempts = row.QuerySelectorAll("[data-testid=notification-attempt]");
        Assert.Equal(["false", "true"], attempts.Select(a => a.GetAttribute("data-succeeded")));
        Assert.Contains("attempt 1 · 502 · Bad gateway", attempts[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("oncall-webhook", attempts[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.FindAll("[data-testid=alerts-history] [data-testid=alert-row]").Count);
    }

    [Fact]
    public void Acknowledging_calls_the_service_and_the_row_updates_on_every_tab()
    {
        Alerts.AddAlert(ReliabilityFixtures.Alert());
        var dialogs = RenderDialogs();
        var page = RenderPage();

        page.Find("[data-testid=alerts-firing] [data-testid=alert-acknowledge]").Click();
        dialogs.WaitForElement("[data-testid=confirm-acknowledge]").Click();

        page.WaitForAssertion(() => Assert.Equal("acknowledged", page.Find("[data-testid=alerts-firing] [data-testid=alert-row]").GetAttribute("data-status")));
        Assert.Equal("acknowledged", page.Find("[data-testid=alerts-history] [data-testid=alert-row]").GetAttribute("data-status"));
        // An empty comment is not sent.
        Assert.Equal([("acknowledge", (Guid?)ReliabilityFixtures.AlertId, (string?)null)], Alerts.Calls.Select(c => (c.Action, c.Id, c.Comment)));
        Assert.Empty(page.FindAll("[data-testid=alert-acknowledge]"));
        Assert.Contains("Acknowledged", ByTestId(page, "alerts-action-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_filters_by_status_and_prompt()
    {
        Alerts.AddAlert(ReliabilityFixtures.Alert());
        Alerts.AddAlert(ReliabilityFixtures.Alert(Resolved, status: "resolved", prompt: "summary"));
        var page = RenderPage("history");

        var status = page.FindComponents<MudSelect<string>>()[0];
        await page.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync("resolved"));

        page.WaitForAssertion(() => Assert.Equal([Resolved.ToString()], page.FindAll("[data-testid=alerts-history] [data-testid=alert-row]").Select(r => r.GetAttribute("data-alert-id"))));
        InputByTestId(page, "alerts-filter-prompt").Input("greeting");
        ByTestId(page, "alerts-filter-apply").Click();

        page.WaitForElement("[data-testid=alerts-history-empty]");
        Assert.Equal(("resolved", "greeting"), (Alerts.Queries[^1].Status, Alerts.Queries[^1].Prompt));
    }

    [Fact]
    public void The_tab_named_in_the_address_opens_selected()
    {
        var page = RenderPage("rules");

        page.WaitForAssertion(() => Assert.StartsWith("Rules", page.Find(".mud-tab.mud-tab-active").TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_show_condition_channels_escalation_and_the_slo()
    {
        Channels.Add(ReliabilityFixtures.Channel());
        Channels.Add(ReliabilityFixtures.Channel(OtherChannel, "pager"));
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo);
        Alerts.AddRule(ReliabilityFixtures.Rule(escalation: OtherChannel));
        Alerts.AddRule(ReliabilityFixtures.Rule(Guid.NewGuid(), "greeting burn", "slo-burn", slo: slo.Id));

        var page = RenderPage("rules");

        var rows = page.FindAll("[data-testid=alert-rule-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("SLO burn-rate condition", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("greeting availability", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Error rate spike · threshold 0.05 over 5m", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("oncall-webhook", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("pager after 15m", rows[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_rule_sends_every_field_of_the_dialog()
    {
        Channels.Add(ReliabilityFixtures.Channel());
        Channels.Add(ReliabilityFixtures.Channel(OtherChannel, "pager"));
        var dialogs = RenderDialogs();
        var page = RenderPage("rules");

        ByTestId(page, "new-alert-rule").Click();
        dialogs.WaitForElement("[data-testid=rule-channels]");
        InputByTestId(dialogs, "rule-name").Input("greeting errors");
        InputByTestId(dialogs, "rule-prompt").Input("greeting");
        InputByTestId(dialogs, "rule-threshold").Change("0.1");
        InputByTestId(dialogs, "rule-window").Input("10m");
        InputByTestId(dialogs, "rule-escalate-after").Input("15m");
        InputByTestId(dialogs, "rule-repeat-every").Input("1h");
        InputByTestId(dialogs, "rule-label").Input("production");
        InputByTestId(dialogs, "rule-action-rollback").Change(true);
        InputByTestId(dialogs, "rule-channel-oncall-webhook").Change(true);
        var escalation = dialogs.FindComponents<MudSelect<Guid?>>().Single();
        await dialogs.InvokeAsync(() => escalation.Instance.ValueChanged.InvokeAsync(OtherChannel));
        ByTestId(dialogs, "confirm-save-rule").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=alert-rule-dialog]")));
        var command = Assert.Single(Alerts.RuleCommands);
        Assert.Equal(("greeting errors", "greeting", "error-rate-spike", 0.1, "10m", "page"), (command.Name, command.Prompt, command.Condition, command.Threshold, command.Window, command.Severity));
        Assert.Equal(["notify", "rollback"], command.Actions);
        Assert.Equal([ReliabilityFixtures.ChannelId], command.Channels);
        Assert.Equal((OtherChannel, "15m", "1h", "production", true, (Guid?)null), (command.EscalationChannel, command.EscalateAfter, command.RepeatEvery, command.Label, command.Enabled, command.Slo));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=alert-rule-row]")));
    }

    [Fact]
    public async Task A_slo_burn_rule_picks_its_slo_instead_of_a_threshold()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo);
        var dialogs = RenderDialogs();
        var page = RenderPage("rules");
        ByTestId(page, "new-alert-rule").Click();
        dialogs.WaitForElement("[data-testid=rule-threshold]");

        var condition = dialogs.FindComponents<MudSelect<string>>().First(s => s.Instance.Label == "Condition");
        await dialogs.InvokeAsync(() => condition.Instance.ValueChanged.InvokeAsync(AlertFormat.SloBurn));
        dialogs.WaitForElement("[data-testid=rule-slo]");
        Assert.False(Has(dialogs, "rule-threshold"));
        var sloSelect = dialogs.FindComponents<MudSelect<Guid?>>().First(s => s.Instance.Label == "SLO");
        await dialogs.InvokeAsync(() => sloSelect.Instance.ValueChanged.InvokeAsync(slo.Id));
        InputByTestId(dialogs, "rule-name").Input("greeting burn");
        ByTestId(dialogs, "confirm-save-rule").Click();

        dialogs.WaitForAssertion(() => Assert.Single(Alerts.RuleCommands));
        Assert.Equal(("slo-burn", (Guid?)slo.Id), (Alerts.RuleCommands[0].Condition, Alerts.RuleCommands[0].Slo));
    }

    [Fact]
    public void The_service_field_errors_show_under_the_rule_inputs()
    {
        Channels.Add(ReliabilityFixtures.Channel());
        Alerts.OnSaveRule = _ => Error.Validation("validation", "The alert rule is not valid.",
        [
            new FieldError("window", "'ten minutes' is not a duration: write 10m, 1h or 1d."),
            new FieldError("channels[0]", "Unknown channel."),
            new FieldError("elsewhere", "Unplaced."),
        ]);
        var dialogs = RenderDialogs();
        var page = RenderPage("rules");
        ByTestId(page, "new-alert-rule").Click();
        dialogs.WaitForElement("[data-testid=rule-window]");
        InputByTestId(dialogs, "rule-window").Input("ten minutes");

        ByTestId(dialogs, "confirm-save-rule").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("'ten minutes' is not a duration: write 10m, 1h or 1d.", dialogs.Find(".pc-field-error[data-field=window]").TextContent));
        Assert.Equal("Unknown channel.", dialogs.Find(".pc-field-error[data-field=channels]").TextContent);
        Assert.Equal(["elsewhere"], ByTestId(dialogs, "alert-rule-dialog-error").QuerySelectorAll("li").Select(li => li.GetAttribute("data-field") ?? ""));
        Assert.NotEmpty(dialogs.FindAll("[data-testid=alert-rule-dialog]"));
    }

    [Fact]
    public void Editing_a_rule_starts_from_it_and_cancel_sends_nothing()
    {
        Channels.Add(ReliabilityFixtures.Channel());
        Alerts.AddRule(ReliabilityFixtures.Rule());
        var dialogs = RenderDialogs();
        var page = RenderPage("rules");

        ByTestId(page, "alert-rule-edit").Click();
        dialogs.WaitForElement("[data-testid=rule-channels]");
        Assert.Equal("error spike", InputByTestId(dialogs, "rule-name").GetAttribute("value"));
        Assert.Equal("5m", InputByTestId(dialogs, "rule-window").GetAttribute("value"));
        ByTestId(dialogs, "cancel-dialog").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=alert-rule-dialog]")));
        Assert.Empty(Alerts.RuleCommands);
    }

    [Fact]
    public void Deleting_a_rule_asks_first()
    {
        Alerts.AddRule(ReliabilityFixtures.Rule());
        var dialogs = RenderDialogs();
        var page = RenderPage("rules");

        ByTestId(page, "alert-rule-delete").Click();
        dialogs.WaitForElement("[data-testid=confirm-delete]").Click();

        page.WaitForElement("[data-testid=alert-rules-empty]");
        Assert.Equal([("delete-rule", (Guid?)ReliabilityFixtures.RuleId)], Alerts.Calls.Select(c => (c.Action, c.Id)));
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public void Acknowledge_is_offered_only_to_operators(ConsoleRole role, bool allowed)
    {
        Alerts.AddAlert(ReliabilityFixtures.Alert());
        User.Role = role;
        var page = RenderPage();

        page.WaitForElement("[data-testid=alerts-firing]");
        AssertShown(page, allowed, "alert-acknowledge");
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public void Rules_are_created_edited_and_deleted_only_by_operators(ConsoleRole role, bool allowed)
    {
        Channels.Add(ReliabilityFixtures.Channel());
        Alerts.AddRule(ReliabilityFixtures.Rule());
        User.Role = role;
        var page = RenderPage("rules");

        page.WaitForElement("[data-testid=alert-rule-row]");
        AssertShown(page, allowed, "new-alert-rule", "alert-rule-edit", "alert-rule-delete");
        AssertShown(page, !allowed, "alert-rules-not-allowed");
    }
}
