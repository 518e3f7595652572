using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services;
using Radzen;
using Radzen.Blazor;

namespace PromptConsole.Web.Components.Pages.Executions;

public partial class ExecutionList
{
    private RadzenDataGrid<ExecutionSummary>? _grid;
    private bool _choicesLoaded;

    [Inject]
    private ExecutionListViewModel Model { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    // The filter lives in the URL, with the management API's parameter names.
    [SupplyParameterFromQuery(Name = "prompt")]
    public string? PromptParameter { get; set; }

    [SupplyParameterFromQuery(Name = "version")]
    public string? VersionParameter { get; set; }

    [SupplyParameterFromQuery(Name = "outcome")]
    public string? OutcomeParameter { get; set; }

    [SupplyParameterFromQuery(Name = "cache")]
    public string? CacheParameter { get; set; }

    [SupplyParameterFromQuery(Name = "model")]
    public string? ModelParameter { get; set; }

    [SupplyParameterFromQuery(Name = "origin")]
    public string? OriginParameter { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromParameter { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToParameter { get; set; }

    [SupplyParameterFromQuery(Name = "errorType")]
    public string? ErrorTypeParameter { get; set; }

    [SupplyParameterFromQuery(Name = "traceId")]
    public string? TraceIdParameter { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        Model.ApplyQuery(new ExecutionFilterText(
            PromptParameter, VersionParameter, OutcomeParameter, CacheParameter, ModelParameter, OriginParameter,
            FromParameter, ToParameter, ErrorTypeParameter, TraceIdParameter));
        if (!_choicesLoaded)
        {
            _choicesLoaded = true;
            await Model.LoadChoicesAsync();
        }

        // A new query on the same page (a filter change, back/forward): start again from page one.
        if (_grid is not null)
            await _grid.FirstPage(forceReload: true);
    }

    /// <summary>The grid loads by itself only when its data is null; this one starts empty, so it is asked once.</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _grid is not null)
        {
            await _grid.Reload();
            StateHasChanged();
        }
    }

    private Task LoadPageAsync(LoadDataArgs args) =>
        Model.LoadAsync(args.Skip ?? 0, args.Top ?? ExecutionListViewModel.PageSize);

    /// <summary>Every filter change is a navigation, so the address always describes what is shown.</summary>
    private Task ApplyAsync()
    {
        var href = Model.Href();
        var current = Navigation.ToBaseRelativePath(Navigation.Uri);
        if (string.Equals(current, href, StringComparison.Ordinal))
            return _grid?.FirstPage(forceReload: true) ?? Task.CompletedTask;
        Navigation.NavigateTo(href);
        return Task.CompletedTask;
    }

    private void OpenRow(DataGridRowMouseEventArgs<ExecutionSummary> args)
    {
        if (args.Data is { } row)
            Navigation.NavigateTo(ExecutionLinks.Detail(row.Id));
    }

    private Task PickAsync(Action change)
    {
        change();
        return ApplyAsync();
    }
}
