using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class EditorTab
{
    /// <summary>Field errors shown right under their inputs; the rest are listed under the editor.</summary>
    private static readonly string[] PlacedFields = ["template", "systemText", "model", "model.temperature", "model.maxTokens", "checks.maxLength", "checks.regex"];

    [Inject]
    private EditorViewModel Model { get; set; } = default!;

    [Inject]
    private DraftGoldenRunViewModel Golden { get; set; } = default!;

    protected override Task OnPromptChangedAsync(Prompt prompt)
    {
        Model.Load(prompt);
        return Task.CompletedTask;
    }

    private async Task SaveAsync()
    {
        if (await Model.SaveAsync())
            await Changed.InvokeAsync();
    }

    /// <summary>The golden set against the draft as typed, before it becomes a version.</summary>
    private Task RunGoldenSetAsync() => Golden.RunAsync(Model.Key, Model.BuildDraft());

    private Task ReloadKeepingTextAsync() => Model.ReloadKeepingTextAsync();

    private async Task DiscardAsync()
    {
        await Model.DiscardAndLoadLatestAsync();
        await Changed.InvokeAsync();
    }

    private void Set(Action change)
    {
        change();
        Model.RefreshPreview();
    }

    private void SetTemplate(string? template) => Set(() => Model.Template = template ?? string.Empty);

    private void SetSystemText(string? systemText) => Set(() => Model.SystemText = systemText);

    /// <summary>"type default (semantic)" for no explicit policy, else the policy's name.</summary>
    private static string CacheText(CachePolicy? policy, VariableType type) =>
        policy?.ToString().ToLowerInvariant() ?? $"type default ({(type == VariableType.Text ? "semantic" : "exact")})";
}
