using Bunit;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Components.Layout;
using PromptConsole.Web.Components.Pages.Rollouts;
using PromptConsole.Web.Model.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

public class CanaryListTests : CanaryPageTest
{
    [Fact]
    public void With_no_canaries_both_lists_say_so()
    {
        var page = Render<CanaryList>();

        page.WaitForElement("[data-testid=canary-live-empty]");
        Assert.True(Has(page, "canary-recent-empty"));
    }

    [Fact]
    public void Live_and_recently_ended_canaries_are_listed_apart_with_step_and_last_decision()
    {
        Canaries.Add(CanaryFixtures.Running());
        Canaries.Add(CanaryFixtures.Aborted("canary-old", CanaryFixtures.Started.AddMinutes(12)) with { PromptKey = "summary" });

        var page = Render<CanaryList>();

        var live = page.WaitForElement("[data-testid=canary-live]");
        var row = live.QuerySelector($"[data-testid=canary-row-{CanaryFixtures.Key}]")!;
        Assert.Contains("v1 → v2", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("step 2/4 · 25 %", row.QuerySelector($"[data-testid=canary-step-{CanaryFixtures.Key}]")!.TextContent);
        Assert.Contains("Wait: Step 2 has run 4 of 10 min.", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"canaries/{CanaryFixtures.Key}", row.QuerySelector($"[data-testid=canary-link-{CanaryFixtures.Key}]")!.GetAttribute("href"));

        var recent = ByTestId(page, "canary-recent");
        Assert.Equal("Aborted", recent.QuerySelector("[data-testid=canary-row-canary-old]")!.GetAttribute("data-status"));
        // Ended canaries of the last 7 days are asked for.
        Assert.Equal(Time.GetUtcNow() - CanaryListViewModel.RecentWindow, Canaries.ListAllSince[0]);
    }

    [Fact]
    public void A_canary_started_elsewhere_appears_on_the_next_tick()
    {
        var page = Render<CanaryList>();
        page.WaitForElement("[data-testid=canary-live-empty]");

        Canaries.Add(CanaryFixtures.Running());
        Time.Advance(CanaryListViewModel.RefreshInterval);

        page.WaitForElement($"[data-testid=canary-row-{CanaryFixtures.Key}]");
    }

    [Fact]
    public void The_overview_card_lists_only_live_canaries()
    {
        Canaries.Add(CanaryFixtures.Running());
        Canaries.Add(CanaryFixtures.Aborted("canary-old", CanaryFixtures.Started.AddMinutes(12)));

        var card = Render<LiveCanariesCard>();

        var table = card.WaitForElement("[data-testid=releases-table]");
        Assert.NotNull(table.QuerySelector($"[data-testid=canary-row-{CanaryFixtures.Key}]"));
        Assert.Null(table.QuerySelector("[data-testid=canary-row-canary-old]"));
    }

    [Fact]
    public void The_overview_card_says_when_nothing_is_being_released()
    {
        var card = Render<LiveCanariesCard>();

        card.WaitForElement("[data-testid=releases-none]");
    }
}

public class CanaryAbortBannerTests : CanaryPageTest
{
    [Fact]
    public void A_canary_aborted_in_the_last_30_minutes_is_announced_with_its_reason_and_a_link()
    {
        Canaries.Add(CanaryFixtures.Aborted("canary-new", Time.GetUtcNow().AddMinutes(-10)));
        Canaries.Add(CanaryFixtures.Aborted("canary-stale", Time.GetUtcNow().AddMinutes(-40)));
        Canaries.Add(CanaryFixtures.Running());

        var banner = Render<CanaryAbortBanner>();

        var notice = banner.WaitForElement("[data-testid=canary-abort-notice]");
        Assert.Single(banner.FindAll("[data-testid=canary-abort-notice]"));
        Assert.Equal("canary-new", notice.GetAttribute("data-canary-key"));
        Assert.Contains("Error rate +6 pp", notice.TextContent, StringComparison.Ordinal);
        Assert.Contains("back on v1", notice.TextContent, StringComparison.Ordinal);
        Assert.Equal("canaries/canary-new", ByTestId(banner, "canary-abort-notice-link").GetAttribute("href"));
    }

    [Fact]
    public void A_canary_its_analysis_rolled_back_is_announced_as_rolled_back_and_a_manual_abort_as_aborted()
    {
        Canaries.Add(CanaryFixtures.Aborted("canary-auto", Time.GetUtcNow().AddMinutes(-5)) with { Status = CanaryStatus.RolledBack });
        Canaries.Add(CanaryFixtures.Aborted("canary-hand", Time.GetUtcNow().AddMinutes(-2)));

        var banner = Render<CanaryAbortBanner>();

        banner.WaitForAssertion(() => Assert.Equal(2, banner.FindAll("[data-testid=canary-abort-notice]").Count));
        var notices = banner.FindAll("[data-testid=canary-abort-notice]").ToDictionary(n => n.GetAttribute("data-canary-key")!, n => n.TextContent);
        Assert.Contains("rolled back by its analysis", notices["canary-auto"], StringComparison.Ordinal);
        Assert.Contains("' aborted", notices["canary-hand"], StringComparison.Ordinal);
    }

    [Fact]
    public void An_abort_that_happens_while_the_console_is_open_appears_on_the_next_poll_and_can_be_dismissed()
    {
        Canaries.Add(CanaryFixtures.Running());
        var banner = Render<CanaryAbortBanner>();
        Assert.Empty(banner.FindAll("[data-testid=canary-abort-notice]"));

        Canaries.Add(CanaryFixtures.Aborted(CanaryFixtures.Key, Time.GetUtcNow()));
        Time.Advance(CanaryAbortNoticesViewModel.RefreshInterval);
        banner.WaitForElement("[data-testid=canary-abort-notice]");

        banner.Find("[data-testid=canary-abort-notice] button").Click();
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll("[data-testid=canary-abort-notice]")));
        Time.Advance(CanaryAbortNoticesViewModel.RefreshInterval);
        Assert.Empty(banner.FindAll("[data-testid=canary-abort-notice]"));
    }

    [Fact]
    public void When_the_canaries_cannot_be_read_the_layout_shows_nothing_and_keeps_working()
    {
        Canaries.ListAllFailure = new InvalidOperationException("database gone");

        var banner = Render<CanaryAbortBanner>();

        Assert.Empty(banner.FindAll("[data-testid=canary-abort-notice]"));
    }
}
