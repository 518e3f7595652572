using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Executions;

public partial class ExecutionDetail
{
    [Parameter]
    public string Id { get; set; } = string.Empty;

    [Inject]
    private ExecutionDetailViewModel Page { get; set; } = default!;

    private string? _loadedId;

    private IReadOnlyList<BreadcrumbItem> Breadcrumbs =>
        [new("Executions", href: "executions"), new(Page.Record?.Id.ToString() ?? Id, href: null, disabled: true)];

    protected override async Task OnParametersSetAsync()
    {
        if (string.Equals(_loadedId, Id, StringComparison.Ordinal))
            return;
        _loadedId = Id;
        await Page.LoadAsync(Id);
    }
}
