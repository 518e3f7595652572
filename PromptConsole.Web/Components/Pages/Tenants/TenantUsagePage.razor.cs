using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Tenants;

/// <summary>
/// Usage by tenant (<c>/usage/tenants</c>): one sortable line per tenant over the chosen range; the
/// range is in the address (<c>?range=7d</c>) so a link shows what the operator saw.
/// </summary>
public partial class TenantUsagePage
{
    [SupplyParameterFromQuery(Name = "range")]
    public string? RangeKey { get; set; }

    [Inject]
    private TenantUsageViewModel Model { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        var range = MetricsRange.Parse(RangeKey, MetricsRange.TenantUsage, TenantUsageViewModel.DefaultRange);
        if (Model.Loaded && range == Model.Range)
            return;
        await Model.SelectRangeAsync(range);
    }

    private void SelectRange(MetricsRange range) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("range", range == TenantUsageViewModel.DefaultRange ? null : range.Key));
}
