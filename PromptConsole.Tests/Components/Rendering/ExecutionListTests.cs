using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Components.Pages.Executions;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Rendering;

public class ExecutionListTests : MudComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeExecutionExplorer _explorer = new();

    public ExecutionListTests()
    {
        Services.AddSingleton<IExecutionExplorer>(_explorer);
        Services.AddSingleton<IPromptRegistry>(new InMemoryPromptRegistry());
        Services.AddSingleton<IModelCatalog>(new FakeModelCatalog(true));
        Services.AddSingleton<TimeProvider>(new PromptConsole.Tests.Persistence.ManualClock(Now));
        Services.AddScoped<ExecutionListViewModel>();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<ExecutionList> Open(string address = "executions")
    {
        Navigation.NavigateTo(address);
        return Render<ExecutionList>();
    }

    private void Add(int count, string prompt = "greet", ExecutionOutcome outcome = ExecutionOutcome.Success)
    {
        for (var i = 0; i < count; i++)
            _explorer.Summaries.Add(FakeExecutionExplorer.Summary(prompt, Now.AddMinutes(-_explorer.Summaries.Count), outcome));
    }

    [Fact]
    public void It_lists_executions_newest_first_with_their_outcome_and_the_simulated_badge()
    {
        Add(2);
        Add(1, "order-status", ExecutionOutcome.ProviderFailed);

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=execution-link]").Count));
        Assert.Equal("3 executions", page.Find("[data-testid=execution-total]").TextContent);
        Assert.Equal(["Success", "Success", "Provider failed"], page.FindAll("[data-testid=execution-outcome]").Select(o => o.TextContent.Trim()));
        Assert.Contains("mud-chip-color-error", page.FindAll("[data-testid=execution-outcome]")[2].ClassName, StringComparison.Ordinal);
        Assert.Equal(3, page.FindAll("[data-testid=simulated-badge]").Count);
        Assert.Empty(page.FindAll("[data-testid=generated-badge]"));
        var first = _explorer.Summaries[0];
        Assert.Equal($"executions/{first.Id}", page.FindAll("[data-testid=execution-link]")[0].GetAttribute("href"));
    }

    [Fact]
    public void Generated_traffic_is_badged()
    {
        _explorer.Summaries.Add(FakeExecutionExplorer.Summary("greet", Now) with { Origin = ExecutionOrigin.DemoTraffic, Simulated = false });

        var page = Open();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=generated-badge]")));
        Assert.Equal("generated", page.Find("[data-testid=generated-badge]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=simulated-badge]"));
    }

    [Fact]
    public void The_table_pages_on_the_server()
    {
        Add(27);
        var page = Open();
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("[data-testid=execution-link]").Count));
        Assert.Equal(25, _explorer.Queries[^1].Take);

        page.Find("button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=execution-link]").Count));
        Assert.Equal(25, _explorer.Queries[^1].Skip);
        Assert.Equal("27 executions", page.Find("[data-testid=execution-total]").TextContent);
    }

    [Fact]
    public void A_filter_goes_into_the_address_and_narrows_the_list()
    {
        Add(2, "greet");
        Add(3, "order-status");
        var page = Open();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=execution-link]").Count));

        page.Find("[data-testid=filter-prompt]").Change("order-status");

        Assert.EndsWith("executions?prompt=order-status", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=execution-link]").Count));
        Assert.Equal("3 executions match", page.Find("[data-testid=execution-total]").TextContent);
        Assert.Equal("order-status", _explorer.Queries[^1].Filter.PromptKey);
    }

    [Fact]
    public void Clearing_the_filters_returns_to_every_execution()
    {
        Add(1, "greet");
        Add(1, "order-status", ExecutionOutcome.ProviderFailed);
        var page = Open("executions?prompt=greet&outcome=provider_failed");
        page.WaitForAssertion(() => Assert.Contains("No execution matches these filters.", page.Find("[data-testid=execution-empty]").TextContent, StringComparison.Ordinal));

        page.Find("[data-testid=clear-filters]").Click();

        Assert.EndsWith("/executions", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=execution-link]").Count));
        Assert.Empty(page.FindAll("[data-testid=clear-filters]"));
        Assert.Equal("", page.Find("[data-testid=filter-prompt]").GetAttribute("value") ?? "");
    }

    [Fact]
    public void A_refused_filter_says_why_lists_nothing_and_keeps_what_was_typed()
    {
        Add(2);

        var page = Open("executions?prompt=order%20status&version=2");

        var error = page.Find("[data-testid=execution-filter-error]");
        Assert.Contains("prompt", error.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("order status", page.Find("[data-testid=filter-prompt]").GetAttribute("value"));
        Assert.Equal("2", page.Find("[data-testid=filter-version]").GetAttribute("value"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=execution-empty]")));
        Assert.Empty(page.FindAll("[data-testid=execution-link]"));
        Assert.Empty(_explorer.Queries);
    }

    [Fact]
    public void With_nothing_recorded_it_says_so()
    {
        var page = Open();

        page.WaitForAssertion(() => Assert.Equal("No executions recorded yet.", page.Find("[data-testid=execution-empty]").TextContent.Trim()));
        Assert.Equal("0 executions", page.Find("[data-testid=execution-total]").TextContent);
    }

    [Fact]
    public void Clicking_a_row_opens_its_execution()
    {
        Add(1);
        var page = Open();
        // The count is written after the page of rows has loaded and rendered: a click before that
        // can land on a row the table is about to replace.
        page.WaitForAssertion(() => Assert.Equal("1 execution", page.Find("[data-testid=execution-total]").TextContent));
        Assert.Single(page.FindAll("tr.pc-execution-row"));

        // The table can still render once more after the count (MudTable's own layout pass); a click that lands
        // on a row being replaced is lost, so click again until the navigation happens.
        page.WaitForAssertion(() =>
        {
            if (!Navigation.Uri.Contains("executions/", StringComparison.Ordinal))
                page.Find("tr.pc-execution-row").Click();
            Assert.EndsWith($"executions/{_explorer.Summaries[0].Id}", Navigation.Uri, StringComparison.Ordinal);
        });
    }
}
