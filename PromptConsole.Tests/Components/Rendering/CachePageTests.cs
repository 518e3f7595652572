using System.Globalization;
using Bunit;
using PromptConsole.Domain.Caching;
using PromptConsole.Web.Components.Pages.Cache;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Components.Rendering;

public class CachePageTests : PromptPageTest
{
    private void SeedFigures()
    {
        Cache.Settings["extract-order"] = new ExactCacheSettings(true, 86_400);
        Cache.Settings["greeting"] = ExactCacheSettings.Off;
        Cache.LocalTier = new LocalTierFigures(Entries: 40, MaxBytes: 1024 * 1024, Expired: 3, EvictedForRoom: 5);
        Cache.Figures["extract-order"] = new PromptCacheFigures("extract-order", HitsL1: 6, HitsL2: 1, Coalesced: 1, Misses: 2, Bypasses: 0, Stored: 2, StoredBytes: 300, SavedTokens: 1200, SavedCostUsd: 0.0123m, Purges: 0);
    }

    [Fact]
    public void Shows_hit_rates_by_level_savings_and_the_prompts_with_the_cache_on()
    {
        SeedFigures();
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=cache-prompt-extract-order]")));
        Assert.Equal("0.8", ByTestId(page, "cache-kpi-hit-rate").GetAttribute("data-value"));
        Assert.Equal("1200", ByTestId(page, "cache-kpi-saved-tokens").GetAttribute("data-value"));
        Assert.Equal("0.0123", ByTestId(page, "cache-kpi-saved-usd").GetAttribute("data-value"));
        Assert.Equal("8", ByTestId(page, "cache-kpi-evictions").GetAttribute("data-value"));
        Assert.Contains("3 expired · 5 for room · 40 held", ByTestId(page, "cache-kpi-evictions").TextContent, StringComparison.Ordinal);
        var levels = page.FindAll("[data-testid=cache-result]").ToDictionary(e => e.GetAttribute("data-level")!, e => e.GetAttribute("data-value"));
        Assert.Equal("6", levels["hit-l1"]);
        Assert.Equal("1", levels["hit-l2"]);
        Assert.Equal("1", levels["coalesced"]);
        Assert.Equal("2", levels["miss"]);
        Assert.Equal("0", levels["bypass"]);
        Assert.Equal("0.8", ByTestId(page, "cache-hit-rate-extract-order").GetAttribute("data-value"));
        Assert.Contains("on · 1 day", ByTestId(page, "cache-table").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=cache-prompt-greeting]")); // off and never used
        Assert.Equal("prompts/extract-order", ByTestId(page, "cache-prompt-extract-order").GetAttribute("href"));
        Assert.Equal("false", ByTestId(page, "cache-tier").GetAttribute("data-degraded"));
        Assert.Contains("memory only (no Redis configured)", ByTestId(page, "cache-tier").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_conversations_get_a_row_with_their_semantic_hits_and_savings()
    {
        SeedFigures();
        Cache.SemanticFigures["_chat"] = new SemanticCacheFigures("_chat", Lookups: 10, Hits: 3, Misses: 7, ShadowAgreed: 0, ShadowDisagreed: 0, Verified: 0, Stored: 7,
            Entries: 7, EntryBytes: 7000, EvictedTtl: 0, EvictedMaxEntries: 0, EvictedBytes: 0, Purged: 0, SavedTokens: 300, SavedCostUsd: 0.001m);
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=cache-prompt-_chat]")));
        var link = ByTestId(page, "cache-prompt-_chat");
        Assert.Equal("raw conversations (_chat)", link.TextContent.Trim());
        Assert.Equal("executions?prompt=_chat", link.GetAttribute("href"));
        Assert.Equal("3", ByTestId(page, "cache-semantic-hits-_chat").GetAttribute("data-value"));
        Assert.Equal("off", ByTestId(page, "cache-semantic-hits-extract-order").TextContent.Trim());
        Assert.Equal("1500", ByTestId(page, "cache-kpi-saved-tokens").GetAttribute("data-value"));
    }

    [Fact]
    public void Says_when_Redis_is_configured_but_unreachable()
    {
        SeedFigures();
        Cache.RedisConfigured = true;
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.Equal("true", ByTestId(page, "cache-tier").GetAttribute("data-degraded")));
        Assert.Contains("unreachable", ByTestId(page, "cache-tier").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Purge_drops_a_prompts_answers_and_says_so()
    {
        SeedFigures();
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=cache-purge-extract-order]")));
        page.Find("[data-testid=cache-purge-extract-order]").Click();

        page.WaitForAssertion(() => Assert.Contains("Purged every cached answer of extract-order", ByTestId(page, "cache-message").TextContent, StringComparison.Ordinal));
        Assert.Equal(("extract-order", (int?)null, "oncall"), Cache.Purges.Single());
    }

    [Fact]
    public void Without_prompts_using_the_cache_it_says_how_to_switch_it_on()
    {
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.Contains("No prompt has the exact cache on", ByTestId(page, "cache-empty").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_prompt_tab_switches_the_cache_on_with_a_TTL_and_reports_field_errors()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var changed = 0;
        var tab = await RenderTabAsync<CacheTab>("greeting", () => changed++);

        tab.WaitForAssertion(() => Assert.NotNull(tab.Find("[data-testid=cache-save]")));
        InputByTestId(tab, "cache-enabled").Change(true);
        InputByTestId(tab, "cache-ttl").Change("0");
        tab.Find("[data-testid=cache-save]").Click();
        tab.WaitForAssertion(() => Assert.Contains("between 1 and 2592000 seconds", tab.Markup, StringComparison.Ordinal));
        Assert.Equal(0, changed);

        InputByTestId(tab, "cache-ttl").Change("600");
        tab.Find("[data-testid=cache-save]").Click();
        tab.WaitForAssertion(() => Assert.Contains("identical requests are answered for 10 minutes", ByTestId(tab, "cache-tab-message").TextContent, StringComparison.Ordinal));
        Assert.Equal(new ExactCacheSettings(true, 600), Cache.Settings["greeting"]);
        Assert.Equal(1, changed);
        Assert.Equal("oncall", Cache.Actors.Single());

        tab.Find("[data-testid=cache-purge]").Click();
        tab.WaitForAssertion(() => Assert.Contains("Purged every cached answer of this prompt", ByTestId(tab, "cache-tab-message").TextContent, StringComparison.Ordinal));
        Assert.Equal(("greeting", (int?)null, "oncall"), Cache.Purges.Single());
    }

    [Theory]
    [InlineData(1, "1 second")]
    [InlineData(90, "90 seconds")]
    [InlineData(600, "10 minutes")]
    [InlineData(3600, "1 hour")]
    [InlineData(86_400, "1 day")]
    [InlineData(2_592_000, "30 days")]
    public void TTLs_read_in_the_largest_whole_unit(int seconds, string text) =>
        Assert.Equal(text, PromptConsole.Web.Model.Caching.CachePageViewModel.TtlText(seconds));

    [Fact]
    public void Status_names_are_the_header_values() =>
        Assert.Equal(["hit-l1", "hit-l2", "coalesced", "miss", "bypass"], ExactCacheStatus.All.Select(s => s.ToString(CultureInfo.InvariantCulture)));
}
