using Bunit;
using PromptConsole.Domain.Caching;
using PromptConsole.Web.Components.Pages.Cache;

namespace PromptConsole.Tests.Components.Rendering;

public sealed class SemanticShadowResultsTests : PromptPageTest
{
    /// <summary>350 matches: 300 at 0.95 (no false hit), 50 at 0.85 of which 10 false — the estimate recommends 0.86.</summary>
    private void SeedSupportReply()
    {
        var samples = new List<SemanticSample>();
        samples.AddRange(Enumerable.Range(0, 300).Select(_ => new SemanticSample(0.95, false)));
        samples.AddRange(Enumerable.Range(0, 50).Select(i => new SemanticSample(0.85, i < 10)));
        ShadowResults.Samples["support-reply"] = samples;
    }

    [Fact]
    public void The_cache_page_shows_each_prompts_estimate_per_threshold_with_the_recommended_one_marked()
    {
        SeedSupportReply();
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=semantic-shadow-support-reply]")));
        var section = ByTestId(page, "semantic-shadow-support-reply");
        Assert.Equal("0.86", section.GetAttribute("data-recommended"));

        var rows = section.QuerySelectorAll("[data-testid=semantic-shadow-row]");
        Assert.Equal(20, rows.Length);
        var recommended = Assert.Single(rows, r => r.GetAttribute("data-recommended") == "true");
        Assert.Equal("0.86", recommended.GetAttribute("data-threshold"));
        Assert.Contains("recommended", recommended.TextContent, StringComparison.Ordinal);

        var at080 = rows.Single(r => r.GetAttribute("data-threshold") == "0.80");
        Assert.Contains("350", at080.TextContent, StringComparison.Ordinal);
        Assert.Contains("2.9%", at080.TextContent, StringComparison.Ordinal);
        Assert.Contains("Recommended threshold 0.86", ByTestId(page, "semantic-shadow-verdict-support-reply").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-testid=semantic-shadow-support-reply] svg"));
    }

    [Fact]
    public void Raw_conversations_are_shown_as_a_whole_and_per_model_each_with_its_own_recommendation()
    {
        var safe = Enumerable.Range(0, 300).Select(_ => new SemanticSample(0.95, false)).ToList();
        var risky = Enumerable.Range(0, 300).Select(i => new SemanticSample(0.95, i < 30)).ToList();
        ShadowResults.Samples["_chat"] = [.. safe, .. risky];
        ShadowResults.ConversationSamplesByModel["sim-fast"] = safe;
        ShadowResults.ConversationSamplesByModel["sim-smart"] = risky;
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=semantic-shadow-_chat-sim-smart]")));
        var sections = page.FindAll("[data-testid^=semantic-shadow-_chat]").Where(e => e.GetAttribute("data-recommended") is not null).ToArray();
        Assert.Equal(["semantic-shadow-_chat", "semantic-shadow-_chat-sim-fast", "semantic-shadow-_chat-sim-smart"], sections.Select(e => e.GetAttribute("data-testid")));
        Assert.Contains("raw conversations (_chat) · 600 samples", sections[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("raw conversations (_chat) sent to sim-fast · 300 samples", sections[1].TextContent, StringComparison.Ordinal);
        // sim-fast never answered differently, so its own threshold can be low; sim-smart disagreed in a tenth: nothing is safe.
        Assert.Equal("0.80", sections[1].GetAttribute("data-recommended"));
        Assert.Equal("none", sections[2].GetAttribute("data-recommended"));
        Assert.Contains("No threshold is recommended yet", ByTestId(page, "semantic-shadow-verdict-_chat-sim-smart").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_samples_recommend_nothing_and_say_why()
    {
        ShadowResults.Samples["greeting"] = [.. Enumerable.Range(0, 10).Select(_ => new SemanticSample(0.97, false))];
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=semantic-shadow-greeting]")));
        Assert.Equal("none", ByTestId(page, "semantic-shadow-greeting").GetAttribute("data-recommended"));
        Assert.Contains("No threshold is recommended yet", ByTestId(page, "semantic-shadow-verdict-greeting").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("[data-testid=semantic-shadow-row]"), r => r.GetAttribute("data-recommended") == "true");
    }

    [Fact]
    public void Without_observations_it_says_there_are_none_yet()
    {
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.Contains("No shadow results yet", ByTestId(page, "semantic-shadow-empty").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_read_is_reported_in_the_section_and_the_rest_of_the_page_still_renders()
    {
        ShadowResults.Failure = new InvalidOperationException("database away");
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.Contains("database away", ByTestId(page, "semantic-shadow-error").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid=cache-table]"));
    }
}
