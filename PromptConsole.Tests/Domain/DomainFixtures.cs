using PromptConsole.Domain.Prompts;

namespace PromptConsole.Tests.Domain;

/// <summary>Fixed inputs for domain tests: one instant (no clocks) and small builders for drafts and prompts.</summary>
internal static class DomainFixtures
{
    /// <summary>Every change in these tests happens at this one instant, so nothing may depend on time advancing.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public const string Actor = "ada@example.com";

    public static VersionDraft Draft(string template, params VariableDeclaration[] variables) =>
        new(template, new ModelSettings("gpt-4o-mini", 0.2, 512), variables);

    /// <summary>A distinct, valid draft per number, so each becomes a new version.</summary>
    public static VersionDraft NumberedDraft(int n) => Draft($"Answer #{n}: {{{{question}}}}", new VariableDeclaration("question"));

    public static Prompt NewPrompt(string key = "summarize") =>
        Prompt.Create(key, "Summarize", "Summarizes a ticket", ["support"], Actor, Now).Value;

    /// <summary>A prompt with versions 1..<paramref name="versionCount"/> and no labels.</summary>
    public static Prompt PromptWithVersions(int versionCount)
    {
        var prompt = NewPrompt();
        for (var n = 1; n <= versionCount; n++)
        {
            var added = prompt.AddVersion(NumberedDraft(n), Actor, Now);
            Assert.True(added.IsSuccess, added.Error?.Message);
        }

        return prompt;
    }
}
