using Bunit;
using MudBlazor;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Caching;
using PromptConsole.Web.Components.Pages.Cache;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>
/// The cache page's section for the semantic cache of raw conversations: where the settings come from, switching it on,
/// a model's own threshold added and removed, field errors next to their inputs, and read-only for a Viewer.
/// </summary>
public sealed class ConversationSemanticCacheSectionTests : PromptPageTest
{
    private IRenderedComponent<ConversationSemanticCacheSection> RenderSection(Action? changed = null)
    {
        var section = Render<ConversationSemanticCacheSection>(p => p.Add(s => s.Changed, changed ?? (() => { })));
        section.WaitForAssertion(() => Assert.Contains("from configuration", ByTestId(section, "conversation-semantic-source").TextContent, StringComparison.Ordinal));
        return section;
    }

    private static IRenderedComponent<MudSelect<string>> Select(IRenderedComponent<ConversationSemanticCacheSection> section, string testId) =>
        section.FindComponents<MudSelect<string>>().First(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == testId);

    [Fact]
    public async Task Switches_raw_conversations_to_serve_with_a_models_own_threshold_and_says_who_saved_it()
    {
        var changed = 0;
        var section = RenderSection(() => changed++);
        Assert.Equal("0.95", InputByTestId(section, "conversation-semantic-threshold").GetAttribute("value"));
        Assert.NotNull(section.Find("[data-testid=conversation-semantic-models-empty]"));

        await section.InvokeAsync(() => Select(section, "conversation-semantic-mode").Instance.ValueChanged.InvokeAsync("serve"));
        await section.InvokeAsync(() => Select(section, "conversation-semantic-model-pick").Instance.ValueChanged.InvokeAsync("sim-large"));
        section.Find("[data-testid=conversation-semantic-model-add]").Click();
        InputByTestId(section, "conversation-semantic-model-threshold-sim-large").Change("0.98");
        section.Find("[data-testid=conversation-semantic-save]").Click();

        section.WaitForAssertion(() => Assert.Contains("serving at threshold 0.95", ByTestId(section, "conversation-semantic-message").TextContent, StringComparison.Ordinal));
        Assert.Equal(SemanticCacheMode.Serve, ConversationCache.Current.Shared.Mode);
        Assert.Equal(0.98, ConversationCache.Current.For("sim-large").Threshold);
        Assert.Equal(0.95, ConversationCache.Current.For("sim-small").Threshold);
        Assert.Equal("oncall", ConversationCache.Changes.Single().Actor);
        Assert.Contains("saved by oncall at 2026-12-04 09:30 UTC", ByTestId(section, "conversation-semantic-source").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, changed);

        // Removing the row and saving drops the model's own threshold.
        section.Find("[data-testid=conversation-semantic-model-remove-sim-large]").Click();
        section.Find("[data-testid=conversation-semantic-save]").Click();
        section.WaitForAssertion(() => Assert.Equal(2, ConversationCache.Changes.Count));
        Assert.Empty(ConversationCache.Current.ModelThresholds);
    }

    [Fact]
    public async Task Bad_values_are_shown_next_to_their_inputs_and_nothing_is_saved()
    {
        var section = RenderSection();

        InputByTestId(section, "conversation-semantic-ttl").Change("0");
        await section.InvokeAsync(() => Select(section, "conversation-semantic-model-pick").Instance.ValueChanged.InvokeAsync("sim-small"));
        section.Find("[data-testid=conversation-semantic-model-add]").Click();
        InputByTestId(section, "conversation-semantic-model-threshold-sim-small").Change("3");
        section.Find("[data-testid=conversation-semantic-save]").Click();

        section.WaitForAssertion(() => Assert.Contains("The time to live must be between 1 and 2592000 seconds (30 days).", section.Markup, StringComparison.Ordinal));
        Assert.Contains("The threshold is a cosine similarity between 0.5 and 1.", section.Markup, StringComparison.Ordinal);
        Assert.Equal(SemanticCacheMode.Off, ConversationCache.Current.Shared.Mode);
        Assert.Empty(ConversationCache.Current.ModelThresholds);
        Assert.Empty(section.FindAll("[data-testid=conversation-semantic-message]"));

        // What was typed stays, so it is corrected rather than typed again.
        Assert.Equal("3", InputByTestId(section, "conversation-semantic-model-threshold-sim-small").GetAttribute("value"));
    }

    [Fact]
    public void A_viewer_sees_the_settings_but_cannot_change_them()
    {
        User.Role = ConsoleRole.Viewer;
        ConversationCache.Current = new ConversationCacheSettings(
            SemanticCacheSettings.Off with { Mode = SemanticCacheMode.Shadow, Threshold = 0.96 },
            new Dictionary<string, double> { ["sim-small"] = 0.9 });

        var section = RenderSection();

        Assert.Equal("0.96", InputByTestId(section, "conversation-semantic-threshold").GetAttribute("value"));
        Assert.Equal("0.9", InputByTestId(section, "conversation-semantic-model-threshold-sim-small").GetAttribute("value"));
        Assert.NotNull(section.Find("[data-testid=conversation-semantic-read-only]"));
        Assert.Empty(section.FindAll("[data-testid=conversation-semantic-save]"));
        Assert.Empty(section.FindAll("[data-testid=conversation-semantic-model-remove-sim-small]"));
    }

    [Fact]
    public void A_failed_read_is_shown_instead_of_breaking_the_page()
    {
        ConversationCache.Failure = new InvalidOperationException("database is away");

        var section = Render<ConversationSemanticCacheSection>();

        section.WaitForAssertion(() => Assert.Contains("could not be read: database is away", section.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void The_cache_page_carries_the_section()
    {
        var page = Render<CachePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=conversation-semantic]")));
    }
}
