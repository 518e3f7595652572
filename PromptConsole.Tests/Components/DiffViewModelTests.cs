using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class DiffViewModelTests
{
    [Fact]
    public void Line_diff_marks_added_and_removed_lines_with_their_numbers()
    {
        var diff = TextDiff.Compute("a\nb\nc", "a\nB\nc\nd");

        Assert.Equal(
            [
                new DiffLine(DiffLineKind.Unchanged, 1, 1, "a"),
                new DiffLine(DiffLineKind.Removed, 2, null, "b"),
                new DiffLine(DiffLineKind.Added, null, 2, "B"),
                new DiffLine(DiffLineKind.Unchanged, 3, 3, "c"),
                new DiffLine(DiffLineKind.Added, null, 4, "d"),
            ],
            diff.Lines);
        Assert.Equal((2, 1), (diff.Added, diff.Removed));
    }

    [Fact]
    public void Whitespace_changes_count_as_changes()
    {
        var diff = TextDiff.Compute("Answer:\n  {{q}}", "Answer:\n    {{q}}");

        Assert.True(diff.HasChanges);
        Assert.Equal(1, diff.Removed);
    }

    [Fact]
    public void Identical_text_has_no_changes()
    {
        Assert.False(TextDiff.Compute("same\ntext", "same\ntext").HasChanges);
    }

    [Fact]
    public async Task Starts_on_previous_against_latest_and_follows_the_picks()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 3);
        var diff = new DiffViewModel();

        diff.Load(await registry.PromptAsync("greeting"));

        Assert.Equal((2, 3), (diff.FromVersion, diff.ToVersion));
        Assert.Contains(diff.Template!.Lines, l => l is { Kind: DiffLineKind.Removed, Text: "Hello {{name}}, take 2!" });
        Assert.Contains(diff.Template.Lines, l => l is { Kind: DiffLineKind.Added, Text: "Hello {{name}}, take 3!" });

        diff.FromVersion = 1;
        diff.Pick();
        Assert.Contains(diff.Template!.Lines, l => l is { Kind: DiffLineKind.Removed, Text: "Hello {{name}}!" });
    }

    [Fact]
    public async Task Follows_new_versions_until_the_operator_picks_and_then_keeps_the_picks()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var diff = new DiffViewModel();
        diff.Load(await registry.PromptAsync("greeting"));
        Assert.Equal((1, 1), (diff.FromVersion, diff.ToVersion));

        await registry.AddVersionAsync("greeting", PromptFixtures.Draft("Hi {{name}}", new VariableDeclaration("name")), null, "alice");
        diff.Load(await registry.PromptAsync("greeting"));
        Assert.Equal((1, 2), (diff.FromVersion, diff.ToVersion));

        diff.FromVersion = 2;
        diff.ToVersion = 1;
        diff.Pick();
        await registry.AddVersionAsync("greeting", PromptFixtures.Draft("Hey {{name}}", new VariableDeclaration("name")), null, "alice");
        diff.Load(await registry.PromptAsync("greeting"));
        Assert.Equal((2, 1), (diff.FromVersion, diff.ToVersion));
    }

    [Fact]
    public async Task Reports_system_text_and_setting_changes()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        await registry.AddVersionAsync(
            "greeting",
            new VersionDraft("Hello {{name}}!", new ModelSettings("sim-large", 0.2), [new VariableDeclaration("name")], SystemText: "Be brief."),
            null,
            "alice");
        var diff = new DiffViewModel();

        diff.Load(await registry.PromptAsync("greeting"));

        Assert.False(diff.Template!.HasChanges);
        Assert.Equal([new DiffLine(DiffLineKind.Added, null, 1, "Be brief.")], diff.SystemText!.Lines);
        Assert.Equal(["model: sim-small → sim-large", "temperature: (none) → 0.2"], diff.SettingChanges);
    }
}
