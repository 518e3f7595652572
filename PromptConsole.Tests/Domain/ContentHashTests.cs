using PromptConsole.Domain.Prompts;
using static PromptConsole.Tests.Domain.DomainFixtures;

namespace PromptConsole.Tests.Domain;

public sealed class ContentHashTests
{
    private static VersionDraft Baseline() => new(
        "Summarize {{ticket}} in {{language}}.",
        new ModelSettings("gpt-4o-mini", 0.2, 512, ["gpt-4o"]),
        [new VariableDeclaration("ticket", VariableType.Text), new VariableDeclaration("language", Default: "en")],
        new OutputChecks(MaxLength: 2000),
        "You are a support engineer.",
        "first cut");

    public static TheoryData<string, VersionDraft> Changes => new()
    {
        { "template", Baseline() with { Template = "Summarize {{ticket}} briefly in {{language}}." } },
        { "template whitespace", Baseline() with { Template = "Summarize {{ticket}} in {{language}}. " } },
        { "system text", Baseline() with { SystemText = "You are a senior support engineer." } },
        { "system text removed", Baseline() with { SystemText = null } },
        { "model", Baseline() with { Model = Baseline().Model with { Model = "gpt-4o" } } },
        { "temperature", Baseline() with { Model = Baseline().Model with { Temperature = 0.3 } } },
        { "temperature removed", Baseline() with { Model = Baseline().Model with { Temperature = null } } },
        { "max tokens", Baseline() with { Model = Baseline().Model with { MaxTokens = 1024 } } },
        { "fallback models", Baseline() with { Model = Baseline().Model with { FallbackModels = ["claude-haiku"] } } },
        { "variable added", Baseline() with { Variables = [.. Baseline().DeclaredVariables, new VariableDeclaration("tone", Required: false)] } },
        { "variable type", Baseline() with { Variables = [new VariableDeclaration("ticket", VariableType.String), Baseline().DeclaredVariables[1]] } },
        { "variable default", Baseline() with { Variables = [Baseline().DeclaredVariables[0], new VariableDeclaration("language", Default: "fr")] } },
        { "variable order", Baseline() with { Variables = [.. Baseline().DeclaredVariables.Reverse()] } },
        { "max length check", Baseline() with { Checks = new OutputChecks(MaxLength: 2001) } },
        { "regex check", Baseline() with { Checks = new OutputChecks(MaxLength: 2000, Regex: "\\S") } },
        { "json check", Baseline() with { Checks = new OutputChecks(MaxLength: 2000, MustBeJson: true) } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Any_content_change_changes_the_hash(string changed, VersionDraft draft)
    {
        Assert.True(ContentHash.Compute(Baseline()) != ContentHash.Compute(draft), $"changing the {changed} kept the same hash");
    }

    [Fact]
    public void Same_content_built_twice_has_the_same_hash()
    {
        var hash = ContentHash.Compute(Baseline());

        Assert.Equal(hash, ContentHash.Compute(Baseline()));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void The_note_is_not_content()
    {
        Assert.Equal(ContentHash.Compute(Baseline()), ContentHash.Compute(Baseline() with { Note = "reworded the note" }));
    }

    [Fact]
    public void Empty_system_text_hashes_like_none_so_a_stored_version_rehashes_to_its_own_hash()
    {
        var prompt = PromptWithVersions(0);
        var version = prompt.AddVersion(Baseline() with { SystemText = string.Empty }, "author", Now).Value;
        Assert.Equal(version.ContentHash, ContentHash.Compute(version.ToDraft()));
        Assert.Equal(ContentHash.Compute(Baseline() with { SystemText = null }), ContentHash.Compute(Baseline() with { SystemText = string.Empty }));
    }
}
