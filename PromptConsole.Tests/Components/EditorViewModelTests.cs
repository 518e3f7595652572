using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class EditorViewModelTests
{
    private readonly FakeTemplateRenderer _renderer = new();

    private EditorViewModel Editor(InMemoryPromptRegistry registry, string user = "bob") =>
        new(registry, _renderer, new FakeModelCatalog(), new FixedUser(user));

    [Fact]
    public async Task Starts_from_the_latest_version()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var editor = Editor(registry);

        editor.Load(await registry.PromptAsync("greeting"));

        Assert.Equal("Hello {{name}}, take 2!", editor.Template);
        Assert.Equal("sim-small", editor.Model);
        Assert.Equal(2, editor.BasedOnVersion);
        Assert.Equal(["name"], editor.Variables.Select(v => v.Name));
    }

    [Fact]
    public async Task Saving_creates_the_next_version_as_the_console_user()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry, user: "bob");
        editor.Load(await registry.PromptAsync("greeting"));

        editor.Template = "Hi {{name}}, welcome back.";
        editor.Note = "Friendlier";
        var saved = await editor.SaveAsync();

        Assert.True(saved);
        var prompt = await registry.PromptAsync("greeting");
        var latest = prompt.LatestVersion!;
        Assert.Equal(2, latest.Number);
        Assert.Equal("Hi {{name}}, welcome back.", latest.Template);
        Assert.Equal("bob", latest.Author);
        Assert.Equal("Friendlier", latest.Note);
        Assert.Equal("Saved as version 2.", editor.Status);
        Assert.Equal(2, editor.BasedOnVersion);
        Assert.Equal(prompt.Revision, editor.BaseRevision);
    }

    [Fact]
    public async Task Template_errors_come_back_with_line_and_column_and_nothing_is_saved()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));

        editor.Template = "Hello {{name}}\nfine line\n  {{x}}";
        var saved = await editor.SaveAsync();

        Assert.False(saved);
        Assert.NotNull(editor.SaveError);
        Assert.Equal("The version is not valid.", editor.SaveError!.Message);
        Assert.Contains("Line 3, column 5: Variable 'x' is used but not declared.", editor.SaveError.For("template"));
        Assert.Null(editor.Conflict);
        Assert.Single((await registry.PromptAsync("greeting")).Versions);
        Assert.Equal("Hello {{name}}\nfine line\n  {{x}}", editor.Template);
    }

    [Fact]
    public async Task Warnings_do_not_block_saving()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));

        editor.AddVariable();
        editor.Variables[^1].Name = "unused";
        editor.Variables[^1].Required = false;
        var saved = await editor.SaveAsync();

        Assert.True(saved);
        Assert.Contains("Variable 'unused' is declared but never used.", editor.Warnings);
    }

    [Fact]
    public async Task A_version_added_by_someone_else_is_a_conflict_that_keeps_the_text_and_reload_lets_it_through()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry, user: "bob");
        editor.Load(await registry.PromptAsync("greeting"));
        editor.Template = "Bob's careful rewrite for {{name}}.";

        await registry.AddVersionAsync("greeting", PromptFixtures.Draft("Carol was here, {{name}}.", new VariableDeclaration("name")), null, "carol");
        var firstTry = await editor.SaveAsync();

        Assert.False(firstTry);
        Assert.NotNull(editor.Conflict);
        Assert.Equal(InMemoryPromptRegistry.StaleRevisionCode, editor.Conflict!.Code);
        Assert.Contains("changed by someone else", editor.Conflict.Message);
        Assert.Equal("Bob's careful rewrite for {{name}}.", editor.Template);

        await editor.ReloadKeepingTextAsync();

        Assert.Null(editor.Conflict);
        Assert.Equal("Bob's careful rewrite for {{name}}.", editor.Template);
        Assert.Contains("version 2 by carol", editor.Status);
        Assert.True(await editor.SaveAsync());
        var latest = (await registry.PromptAsync("greeting")).LatestVersion!;
        Assert.Equal((3, "Bob's careful rewrite for {{name}}."), (latest.Number, latest.Template));
    }

    [Fact]
    public async Task A_page_reload_after_someone_elses_version_does_not_hide_the_conflict()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));
        editor.Template = "Mine, {{name}}.";

        await registry.AddVersionAsync("greeting", PromptFixtures.Draft("Theirs, {{name}}.", new VariableDeclaration("name")), null, "carol");
        editor.Load(await registry.PromptAsync("greeting"));

        Assert.Equal("Mine, {{name}}.", editor.Template);
        Assert.False(await editor.SaveAsync());
        Assert.NotNull(editor.Conflict);
    }

    [Fact]
    public async Task A_label_move_does_not_invalidate_the_draft()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));
        editor.Template = "Edited while deploying, {{name}}.";

        await registry.DeployAsync("greeting", "production", 1, null, null, "bob");
        editor.Load(await registry.PromptAsync("greeting"));

        Assert.Equal("Edited while deploying, {{name}}.", editor.Template);
        Assert.True(await editor.SaveAsync());
    }

    [Fact]
    public async Task Saving_identical_content_reports_the_registry_message_not_a_conflict()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));

        Assert.False(await editor.SaveAsync());

        Assert.Null(editor.Conflict);
        Assert.Equal("Version 1 already has exactly this content.", editor.SaveError!.Message);
    }

    [Fact]
    public async Task Discarding_loads_the_latest_text()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));
        editor.Template = "Throw me away";
        await registry.AddVersionAsync("greeting", PromptFixtures.Draft("Theirs, {{name}}.", new VariableDeclaration("name")), null, "carol");

        await editor.DiscardAndLoadLatestAsync();

        Assert.Equal("Theirs, {{name}}.", editor.Template);
        Assert.Equal(2, editor.BasedOnVersion);
        Assert.Null(editor.Conflict);
    }

    [Fact]
    public async Task Preview_renders_the_draft_with_typed_sample_values()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));

        editor.Template = "Count {{count}} for {{name}}";
        editor.SystemText = "You greet {{name}}.";
        editor.Variables.Add(new VariableRow { Name = "count", Type = VariableType.Integer });
        editor.Samples["name"] = "Ada";
        editor.Samples["count"] = "42";
        editor.RefreshPreview();

        Assert.Null(editor.PreviewError);
        Assert.Equal("Count 42 for Ada", editor.Preview!.UserText);
        Assert.Equal("You greet Ada.", editor.Preview.SystemText);
        Assert.Equal(42L, _renderer.LastVariables!["count"]);
    }

    [Fact]
    public async Task Preview_explains_a_missing_or_mistyped_sample_value()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));
        editor.Variables.Add(new VariableRow { Name = "count", Type = VariableType.Integer });
        editor.Template = "{{name}} {{count}}";
        editor.Samples["count"] = "many";

        editor.RefreshPreview();

        Assert.Null(editor.Preview);
        Assert.Equal(
            ["Required variable 'name' (a string) is missing.", "'count' must be an integer, got a string."],
            editor.PreviewError!.Fields.Select(f => f.Text));
    }

    [Fact]
    public async Task Live_review_flags_undeclared_variables_as_you_type()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var editor = Editor(registry);
        editor.Load(await registry.PromptAsync("greeting"));

        editor.Template = "Hi {{name}} from {{city}}";
        editor.RefreshPreview();
        Assert.Contains("Line 1, column 20: Variable 'city' is used but not declared.", editor.LiveErrors);

        editor.DeclareUsedVariables();
        Assert.Equal(["name", "city"], editor.Variables.Select(v => v.Name));
        Assert.Empty(editor.LiveErrors);
    }
}
