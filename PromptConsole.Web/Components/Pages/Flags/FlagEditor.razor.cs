using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model.Flags;

namespace PromptConsole.Web.Components.Pages.Flags;

public partial class FlagEditor
{
    /// <summary>Slice colours by the variant's position in the form, so a variant keeps its colour along the bar.</summary>
    private static readonly string[] SliceColours =
    [
        "var(--mud-palette-primary)", "var(--mud-palette-secondary)", "var(--mud-palette-tertiary)",
        "var(--mud-palette-info)", "var(--mud-palette-success)", "var(--mud-palette-warning)",
    ];

    /// <summary>The flag's key; null on <c>/flags/new</c>.</summary>
    [Parameter]
    public string? Key { get; set; }

    [Inject]
    private FlagEditorViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private List<BreadcrumbItem> Breadcrumbs =>
        [new("Flags", href: "flags"), new(Model.IsNew ? "New flag" : Model.Key, href: null, disabled: true)];

    private string StateText => (Model.IsKillSwitch, Model.Enabled) switch
    {
        (true, true) => "engaged",
        (true, false) => "kill switch off",
        (false, true) => "on",
        _ => "off",
    };

    private string BarLabel => string.Join(", ", Model.Segments.Select(SegmentTitle));

    /// <summary>After a create the page moves to the flag's own address; the model already shows it, so only a different flag loads.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (Key is null)
        {
            if (!Model.Loaded)
                await Model.LoadNewAsync();
        }
        else if (!Model.Loaded || Model.IsNew || !string.Equals(Model.Key, Key, StringComparison.Ordinal))
        {
            await Model.LoadAsync(Key);
        }
    }

    private static string KindText(string? kind) => kind == FlagEditorViewModel.KillSwitchKind ? "Prompt kill switch" : "Standard";

    private static string VersionText(int? number) => number is { } n ? $"v{n}" : string.Empty;

    private static string SegmentTitle(RolloutSegment segment) =>
        $"{segment.Variant}{(segment.IsDefault ? " (default)" : string.Empty)}: {FlagSummary.Slice(segment.From, segment.To)}";

    private string SegmentStyle(RolloutSegment segment)
    {
        var width = (segment.To - segment.From).ToString("0.####", CultureInfo.InvariantCulture);
        if (segment.IsDefault)
            return $"width: {width}%";
        var index = Math.Max(0, Model.VariantNames.ToList().IndexOf(segment.Variant));
        return $"width: {width}%; background: {SliceColours[index % SliceColours.Length]}";
    }

    private Task KindChangedAsync(string kind)
    {
        Model.Kind = kind;
        return Task.CompletedTask;
    }

    private Task SelectPromptAsync(string? prompt) => Model.SelectPromptAsync(prompt);

    private async Task SaveAsync()
    {
        var wasNew = Model.IsNew;
        var key = await Model.SaveAsync();
        if (key is not null && wasNew)
            Navigation.NavigateTo(FlagList.FlagHref(key), replace: true);
    }

    private async Task DeleteAsync()
    {
        if (!await DeleteFlagDialog.ConfirmAsync(Dialogs, Model.Key, Model.DeleteMessage))
            return;
        if (await Model.DeleteAsync())
            Navigation.NavigateTo("flags");
    }

    private Task TryAsync() => Model.TryAsync();
}
