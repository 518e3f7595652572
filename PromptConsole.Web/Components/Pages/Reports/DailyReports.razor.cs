using System.Globalization;
using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model.Reports;

namespace PromptConsole.Web.Components.Pages.Reports;

/// <summary>The kept daily reports and one day rendered; the day is in the address (<c>?date=2026-03-01</c>).</summary>
public partial class DailyReports
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [SupplyParameterFromQuery(Name = "date")]
    public string? Date { get; set; }

    [Inject]
    private ReportsViewModel Model { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private DateTime? SelectedDateTime => Model.SelectedDate?.ToDateTime(TimeOnly.MinValue);

    protected override async Task OnParametersSetAsync()
    {
        var requested = DateOnly.TryParseExact(Date, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var day) ? day : (DateOnly?)null;
        if (!Model.Loaded)
            await Model.LoadAsync(requested);
        else if (requested is { } date && date != Model.SelectedDate)
            await Model.SelectAsync(date);
    }

    private Task SelectDateAsync(DateTime? date) => date is { } value ? SelectAsync(DateOnly.FromDateTime(value)) : Task.CompletedTask;

    /// <summary>The day goes into the address, so a link shows the same report.</summary>
    private async Task SelectAsync(DateOnly date)
    {
        await Model.SelectAsync(date);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("date", ReportFormat.Date(date)), replace: true);
    }
}
