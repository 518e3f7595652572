using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Components.Pages.Tenants;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>The "Usage by tenant" page and the overview's "Top tenants by cost" card over a fake tenant store.</summary>
public sealed class TenantUsagePageTests : MudComponentTest
{
    private readonly FakeTenantUsageStore _store = new();

    public TenantUsagePageTests()
    {
        Services.AddLogging();
        Services.AddSingleton<ITenantUsageStore>(_store);
        Services.AddTransient<TenantUsageViewModel>();
    }

    private static Dictionary<string, TenantUsage> Usage() => new()
    {
        ["acme"] = new TenantUsage(40, 2, 4000, 1000, 3m),
        ["globex"] = new TenantUsage(100, 0, 9000, 3000, 1m),
        [TenantUsage.NoTenant] = new TenantUsage(5, 1, 100, 50, 0m),
    };

    [Fact]
    public void The_page_lists_tenants_most_expensive_first_with_share_errors_and_a_total()
    {
        _store.ByTenant = Usage();

        var page = Render<TenantUsagePage>();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=tenant-usage-page]").GetAttribute("data-loaded")));
        Assert.Equal("24h", page.Find("[data-testid=tenant-usage-page]").GetAttribute("data-range"));
        Assert.Equal(["acme", "globex", TenantUsage.NoTenant], page.FindAll("[data-testid=tenant-usage-row]").Select(r => r.GetAttribute("data-tenant")));
        var acme = page.FindAll("tr").First(r => r.InnerHtml.Contains("data-tenant=\"acme\"", StringComparison.Ordinal));
        Assert.Contains("75", acme.TextContent, StringComparison.Ordinal); // share of cost 75 %
        Assert.Contains("(5%)", acme.TextContent, StringComparison.Ordinal); // 2 errors of 40
        Assert.Equal("145", page.Find("[data-testid=tenant-usage-total-executions]").TextContent.Trim());
        Assert.Contains("executions?tenant=acme", page.Find("[data-tenant=acme] a").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"[data-tenant=\"{TenantUsage.NoTenant}\"] a")); // the request log cannot select "no tenant"
        Assert.Equal(TimeSpan.FromHours(24), _store.LastWindow);
        Assert.Equal(["1 h", "24 h", "7 d", "30 d"], page.FindAll(".mud-toggle-item").Select(i => i.TextContent.Trim()));
    }

    [Fact]
    public void Sorting_by_executions_puts_the_busiest_tenant_first()
    {
        _store.ByTenant = Usage();
        var page = Render<TenantUsagePage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=tenant-usage-row]").Count));

        page.FindAll(".mud-table-sort-label").Single(l => l.TextContent.Contains("Executions", StringComparison.Ordinal)).Click();
        page.FindAll(".mud-table-sort-label").Single(l => l.TextContent.Contains("Executions", StringComparison.Ordinal)).Click();

        Assert.Equal(["globex", "acme", TenantUsage.NoTenant], page.FindAll("[data-testid=tenant-usage-row]").Select(r => r.GetAttribute("data-tenant")));
    }

    [Fact]
    public void An_unreadable_store_shows_the_failure_and_no_table()
    {
        _store.Failure = new InvalidOperationException("database away");

        var page = Render<TenantUsagePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=tenant-usage-failure]")));
        Assert.Empty(page.FindAll("[data-testid=tenant-usage-table]"));
    }

    [Fact]
    public void The_overview_card_shows_the_top_tenants_by_cost_over_the_overview_range()
    {
        _store.ByTenant = Usage();

        var card = Render<TopTenantsCard>(p => p.Add(c => c.Range, MetricsRange.Live));

        card.WaitForAssertion(() => Assert.Equal(3, card.FindAll("[data-testid=top-tenants-row]").Count));
        Assert.Equal(["acme", "globex", TenantUsage.NoTenant], card.FindAll("[data-testid=top-tenants-row]").Select(r => r.GetAttribute("data-tenant")));
        Assert.Equal(TimeSpan.FromMinutes(15), _store.LastWindow);
        Assert.Equal("usage/tenants", card.Find(".pc-chart-hint a").GetAttribute("href"));
    }

    [Fact]
    public void The_overview_card_lists_at_most_five_tenants()
    {
        _store.ByTenant = Enumerable.Range(1, 8).ToDictionary(i => $"t{i}", i => new TenantUsage(i, 0, 0, 0, i));

        var card = Render<TopTenantsCard>(p => p.Add(c => c.Range, MetricsRange.LastWeek));

        card.WaitForAssertion(() => Assert.Equal(TopTenantsCard.Count, card.FindAll("[data-testid=top-tenants-row]").Count));
        Assert.Equal("t8", card.FindAll("[data-testid=top-tenants-row]")[0].GetAttribute("data-tenant"));
        Assert.Equal("usage/tenants?range=7d", card.Find(".pc-chart-hint a").GetAttribute("href"));
    }

    private sealed class FakeTenantUsageStore : ITenantUsageStore
    {
        public Dictionary<string, TenantUsage> ByTenant { get; set; } = [];

        public Exception? Failure { get; set; }

        public TimeSpan? LastWindow { get; private set; }

        public Task<TenantUsageWindow> QueryTenantsAsync(TimeSpan window, CancellationToken cancellationToken = default)
        {
            LastWindow = window;
            if (Failure is not null)
                throw Failure;
            var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
            return Task.FromResult(new TenantUsageWindow(now - window, now, "1m", ByTenant));
        }
    }
}
