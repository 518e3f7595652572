using Bunit;
using Microsoft.AspNetCore.Components;
using PromptConsole.Tests.Components.Rendering;
using PromptConsole.Web.Components.Pages.Overview;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>The overview's SLOs at risk and firing alerts.</summary>
public class ReliabilityCardsTests : MudComponentTest
{
    private readonly MetricsPageServices _services;

    public ReliabilityCardsTests()
    {
        _services = MetricsPageServices.AddTo(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Only_slos_under_a_quarter_of_budget_or_burning_are_listed_worst_first_and_firing_alerts_link_to_their_slo()
    {
        var healthy = ReliabilityFixtures.Slo(Guid.NewGuid(), "healthy");
        var low = ReliabilityFixtures.Slo(Guid.NewGuid(), "low budget");
        var burning = ReliabilityFixtures.Slo(Guid.NewGuid(), "burning fast");
        _services.Slos.Add(healthy, ReliabilityFixtures.Status(healthy, budget: 0.9));
        _services.Slos.Add(low, ReliabilityFixtures.Status(low, budget: 0.2));
        _services.Slos.Add(burning, ReliabilityFixtures.Status(burning, budget: 0.7, burning: "page"));
        _services.Alerts.AddAlert(ReliabilityFixtures.Alert(sloId: burning.Id));
        _services.Alerts.AddAlert(ReliabilityFixtures.Alert(Guid.NewGuid(), status: "resolved"));

        var page = Render<Overview>();

        var rows = page.WaitForElements("[data-testid=slo-at-risk]");
        Assert.Equal([burning.Id.ToString(), low.Id.ToString()], rows.Select(r => r.GetAttribute("data-slo-id")));
        var alert = Assert.Single(page.FindAll("[data-testid=firing-alert]"));
        Assert.Equal($"slos/{burning.Id}", alert.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void With_nothing_at_risk_and_nothing_firing_the_cards_say_so()
    {
        var healthy = ReliabilityFixtures.Slo();
        _services.Slos.Add(healthy, ReliabilityFixtures.Status(healthy, budget: 0.9));

        var page = Render<Overview>();

        Assert.Contains("All 1 SLO have more than a quarter", page.WaitForElement("[data-testid=slos-at-risk-none]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=firing-alerts-none]"));
    }

    [Fact]
    public void A_failed_read_shows_in_the_card_and_the_overview_stays_up()
    {
        _services.Slos.ListFailure = new InvalidOperationException("database is down");
        _services.Alerts.ListFailure = new InvalidOperationException("database is down");

        var page = Render<Overview>();

        Assert.Contains("database is down", page.WaitForElement("[data-testid=slos-at-risk-error]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=firing-alerts-error]"));
        Assert.NotNull(page.Find("[data-testid=overview-page]"));
    }
}
