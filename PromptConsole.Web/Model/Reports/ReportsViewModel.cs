using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Web.Model.Reports;

/// <summary>
/// The reports page: the kept daily reports, newest first, and one selected day rendered (the newest kept one at
/// first, or a date from the picker: a past day not kept yet is generated on demand by the service).
/// </summary>
public sealed class ReportsViewModel(IDailyReports reports, TimeProvider time)
{
    public bool Loaded { get; private set; }

    public IReadOnlyList<DailyReportSummary> Summaries { get; private set; } = [];

    public DateOnly? SelectedDate { get; private set; }

    public DailyReport? Report { get; private set; }

    public ErrorView? Error { get; private set; }

    /// <summary>Why the selected day's report could not be read.</summary>
    public ErrorView? ReportError { get; private set; }

    /// <summary>Reports cover whole days that ended: yesterday (UTC) is the latest the picker offers.</summary>
    public DateOnly Yesterday => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);

    public async Task LoadAsync(DateOnly? date = null, CancellationToken cancellationToken = default)
    {
        try
        {
            Summaries = (await reports.ListAsync(cancellationToken: cancellationToken)).OrderByDescending(s => s.Date).ToArray();
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The daily reports could not be read: " + exception.Message);
        }

        var selected = date ?? (Summaries.Count > 0 ? Summaries[0].Date : null);
        if (selected is { } day)
            await SelectAsync(day, cancellationToken);
        Loaded = true;
    }

    public async Task SelectAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        SelectedDate = date;
        var result = await reports.GetAsync(date, null, cancellationToken);
        if (result.IsSuccess)
        {
            Report = result.Value;
            ReportError = null;
        }
        else
        {
            Report = null;
            ReportError = ErrorView.From(result.Error!);
        }
    }
}
