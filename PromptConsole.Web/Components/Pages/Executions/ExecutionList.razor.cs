using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services;
using MudBlazor;

namespace PromptConsole.Web.Components.Pages.Executions;

public partial class ExecutionList
{
    private MudTable<ExecutionSummary>? _table;
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

    [SupplyParameterFromQuery(Name = "tenant")]
    public string? TenantParameter { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        Model.ApplyQuery(new ExecutionFilterText(
            PromptParameter, VersionParameter, OutcomeParameter, CacheParameter, ModelParameter, OriginParameter,
            FromParameter, ToParameter, ErrorTypeParameter, TraceIdParameter, Tenant: TenantParameter));
        if (!_choicesLoaded)
        {
            _choicesLoaded = true;
            await Model.LoadChoicesAsync();
        }

        // A new query on the same page (a filter change, back/forward): start again from page one.
        // The table loads its first page by itself once rendered.
        await ReloadFromFirstPageAsync();
    }

    private Task ReloadFromFirstPageAsync()
    {
        if (_table is null)
            return Task.CompletedTask;
        if (_table.CurrentPage != 0)
            _table.NavigateTo(0);
        return _table.ReloadServerData();
    }

    /// <summary>One page from the explorer: the table asks by page number, the explorer by skip and take.</summary>
    private async Task<TableData<ExecutionSummary>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var take = state.PageSize > 0 ? state.PageSize : ExecutionListViewModel.PageSize;
        await Model.LoadAsync(state.Page * take, take, cancellationToken);
        // The count above the table (and a refusal found only now) belong to the page, not the table.
        StateHasChanged();
        return new TableData<ExecutionSummary> { Items = Model.Items, TotalItems = Model.Total };
    }

    /// <summary>Every filter change is a navigation, so the address always describes what is shown.</summary>
    private Task ApplyAsync()
    {
        var href = Model.Href();
        var current = Navigation.ToBaseRelativePath(Navigation.Uri);
        if (string.Equals(current, href, StringComparison.Ordinal))
            return ReloadFromFirstPageAsync();
        Navigation.NavigateTo(href);
        return Task.CompletedTask;
    }

    private void OpenRow(TableRowClickEventArgs<ExecutionSummary> args)
    {
        if (args.Item is { } row)
            Navigation.NavigateTo(ExecutionLinks.Detail(row.Id));
    }

    private Task PickAsync(Action change)
    {
        change();
        return ApplyAsync();
    }
}
