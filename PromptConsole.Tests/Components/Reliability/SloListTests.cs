using PromptConsole.Domain.Access;
using static PromptConsole.Tests.Components.Rendering.RoleControls;
using Bunit;
using MudBlazor;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Components.Pages.Slos;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>The SLO list: budgets coloured by risk, burn rates, burning, create/edit with the service's field errors, delete with confirm.</summary>
public class SloListTests : ReliabilityPageTest
{
    private static readonly Guid Second = Guid.Parse("5a0b1c2d-0000-4000-8000-000000000002");

    [Fact]
    public void Without_slos_it_says_how_to_start()
    {
        var page = Render<SloList>();

        page.WaitForElement("[data-testid=slo-list-empty]");
        Assert.False(Has(page, "slo-table"));
    }

    [Fact]
    public void A_failed_read_shows_the_error_instead_of_an_empty_list()
    {
        Slos.ListFailure = new InvalidOperationException("database is down");

        var page = Render<SloList>();

        var error = page.WaitForElement("[data-testid=slo-list-error]");
        Assert.Contains("database is down", error.TextContent, StringComparison.Ordinal);
        Assert.False(Has(page, "slo-list-empty"));
    }

    [Fact]
    public void Each_slo_shows_its_budget_coloured_by_risk_its_burn_rates_and_whether_it_burns()
    {
        var healthy = ReliabilityFixtures.Slo();
        var burning = ReliabilityFixtures.Slo(Second, "greeting latency", indicator: "latency", latencyThresholdMs: 800);
        Slos.Add(healthy, ReliabilityFixtures.Status(healthy, budget: 0.8));
        Slos.Add(burning, ReliabilityFixtures.Status(burning, budget: 0.1, rates: ReliabilityFixtures.Rates(fiveMinutes: 20.5, oneHour: 15), burning: "page"));

        var page = Render<SloList>();

        var rows = page.WaitForElements("[data-testid=slo-row]");
        Assert.Equal(2, rows.Count);
        var healthyRow = page.Find($"[data-slo-id='{healthy.Id}']");
        var budget = healthyRow.QuerySelector("[data-testid=slo-row-budget]")!;
        Assert.Equal(("healthy", "80.0 %"), (budget.GetAttribute("data-risk"), budget.QuerySelector("[data-testid=slo-row-budget-text]")!.TextContent));
        Assert.Null(healthyRow.QuerySelector("[data-testid=slo-row-burning]"));
        Assert.Equal($"slos/{healthy.Id}", healthyRow.QuerySelector("[data-testid=slo-link]")!.GetAttribute("href"));

        var burningRow = page.Find($"[data-slo-id='{burning.Id}']");
        Assert.Equal("breached", burningRow.QuerySelector("[data-testid=slo-row-budget]")!.GetAttribute("data-risk"));
        Assert.Equal("page", burningRow.QuerySelector("[data-testid=slo-row-burning]")!.GetAttribute("data-burning"));
        Assert.Equal("×20.50", burningRow.QuerySelector("td[data-window='5m']")!.TextContent);
        Assert.Contains("mud-error-text", burningRow.QuerySelector("td[data-window='5m']")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("Latency (executions under 800 ms)", burningRow.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_sends_the_form_and_the_new_slo_is_listed()
    {
        var dialogs = RenderDialogs();
        var page = Render<SloList>();
        ByTestId(page, "new-slo").Click();
        dialogs.WaitForElement("[data-testid=slo-dialog]");

        InputByTestId(dialogs, "slo-name").Input("checkout availability");
        InputByTestId(dialogs, "slo-prompt").Input("checkout");
        InputByTestId(dialogs, "slo-objective").Change("99.9");
        ByTestId(dialogs, "confirm-save-slo").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=slo-dialog]")));
        var call = Assert.Single(Slos.Calls);
        Assert.Equal(("create", "oncall"), (call.Action, call.Actor));
        Assert.Equal(new SloCommand("checkout availability", "checkout", "availability", 99.9, 28, null, null), call.Command);
        page.WaitForAssertion(() => Assert.Equal("checkout availability", page.Find("[data-testid=slo-row]").GetAttribute("data-slo-name")));
        Assert.Contains("created", ByTestId(page, "slo-action-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_field_errors_show_under_their_inputs_and_the_dialog_stays_open()
    {
        Slos.OnSave = _ => Error.Validation("validation", "The SLO is not valid.",
        [
            new FieldError("objective", "The objective must be strictly between 0 and 100."),
            new FieldError("prompt", "No prompt 'nope'."),
            new FieldError("other", "Something else."),
        ]);
        var dialogs = RenderDialogs();
        var page = Render<SloList>();
        ByTestId(page, "new-slo").Click();
        dialogs.WaitForElement("[data-testid=slo-dialog]");
        InputByTestId(dialogs, "slo-objective").Change("100");

        ByTestId(dialogs, "confirm-save-slo").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("The objective must be strictly between 0 and 100.", dialogs.Find(".pc-field-error[data-field=objective]").TextContent));
        Assert.Equal("No prompt 'nope'.", dialogs.Find(".pc-field-error[data-field=prompt]").TextContent);
        var panel = ByTestId(dialogs, "slo-dialog-error");
        Assert.Contains("The SLO is not valid.", panel.TextContent, StringComparison.Ordinal);
        Assert.Equal(["other"], panel.QuerySelectorAll("li").Select(li => li.GetAttribute("data-field") ?? ""));
        Assert.NotEmpty(dialogs.FindAll("[data-testid=slo-dialog]"));
    }

    [Fact]
    public async Task The_latency_indicator_asks_for_its_threshold_and_sends_it()
    {
        var dialogs = RenderDialogs();
        var page = Render<SloList>();
        ByTestId(page, "new-slo").Click();
        dialogs.WaitForElement("[data-testid=slo-dialog]");
        Assert.False(Has(dialogs, "slo-latency-threshold"));

        var indicator = dialogs.FindComponents<MudSelect<string>>()[0];
        await dialogs.InvokeAsync(() => indicator.Instance.ValueChanged.InvokeAsync("latency"));
        dialogs.WaitForElement("[data-testid=slo-latency-threshold]");
        InputByTestId(dialogs, "slo-name").Input("fast greeting");
        InputByTestId(dialogs, "slo-latency-threshold").Change("750");
        ByTestId(dialogs, "confirm-save-slo").Click();

        dialogs.WaitForAssertion(() => Assert.Single(Slos.Calls));
        Assert.Equal(("latency", 750d, (double?)null), (Slos.Calls[0].Command!.Indicator, Slos.Calls[0].Command!.LatencyThresholdMs, Slos.Calls[0].Command!.QualityThreshold));
    }

    [Fact]
    public void Edit_opens_with_the_slo_and_sends_an_update()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo, ReliabilityFixtures.Status(slo));
        var dialogs = RenderDialogs();
        var page = Render<SloList>();

        page.WaitForElement("[data-testid=slo-edit]").Click();
        dialogs.WaitForElement("[data-testid=slo-dialog]");
        Assert.Equal("greeting availability", InputByTestId(dialogs, "slo-name").GetAttribute("value"));
        InputByTestId(dialogs, "slo-name").Input("greeting success");
        ByTestId(dialogs, "confirm-save-slo").Click();

        dialogs.WaitForAssertion(() => Assert.Single(Slos.Calls));
        Assert.Equal(("update", (Guid?)slo.Id, "greeting success", 99.5), (Slos.Calls[0].Action, Slos.Calls[0].Id, Slos.Calls[0].Command!.Name, Slos.Calls[0].Command!.Objective));
    }

    [Fact]
    public void Delete_asks_first_cancel_keeps_it_and_confirm_deletes_it()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo, ReliabilityFixtures.Status(slo));
        var dialogs = RenderDialogs();
        var page = Render<SloList>();

        page.WaitForElement("[data-testid=slo-delete]").Click();
        dialogs.WaitForElement("[data-testid=confirm-delete-dialog]");
        ByTestId(dialogs, "cancel-dialog").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-delete-dialog]")));
        Assert.Empty(Slos.Calls);

        ByTestId(page, "slo-delete").Click();
        dialogs.WaitForElement("[data-testid=confirm-delete]").Click();

        page.WaitForElement("[data-testid=slo-list-empty]");
        Assert.Equal([("delete", (Guid?)slo.Id)], Slos.Calls.Select(c => (c.Action, c.Id)));
    }

    [Fact]
    public void A_refused_delete_shows_the_service_message()
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo, ReliabilityFixtures.Status(slo));
        Slos.DeleteError = Error.Conflict("slo-in-use", "The SLO is used by the alert rule 'greeting burn'.");
        var dialogs = RenderDialogs();
        var page = Render<SloList>();

        page.WaitForElement("[data-testid=slo-delete]").Click();
        dialogs.WaitForElement("[data-testid=confirm-delete]").Click();

        page.WaitForAssertion(() => Assert.Contains("used by the alert rule 'greeting burn'", ByTestId(page, "slo-action-error").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("[data-testid=slo-row]"));
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public void New_edit_and_delete_are_offered_only_to_operators(ConsoleRole role, bool allowed)
    {
        var slo = ReliabilityFixtures.Slo();
        Slos.Add(slo, ReliabilityFixtures.Status(slo));
        User.Role = role;
        var page = Render<SloList>();

        page.WaitForElement("[data-testid=slo-link]");
        AssertShown(page, allowed, "new-slo", "slo-edit", "slo-delete");
    }
}
