using PromptConsole.Domain.Calibration;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Services.Reports;

/// <summary>
/// Puts a daily report together from what was read: the day's and the previous day's figures and events, the prompts'
/// calibration statuses and the SLOs' budgets. Pure, so the assembly is tested without a database. A prompt gets a
/// section when it had executions or events on either day.
/// </summary>
public static class DailyReportBuilder
{
    public static DailyReport Build(
        DateOnly date,
        DateTimeOffset generatedAt,
        DayInputs day,
        DayInputs previous,
        IReadOnlyDictionary<string, string> calibration,
        IReadOnlyList<SloStatusView> slos)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(slos);

        var prompts = day.ByPrompt.Keys
            .Concat(previous.ByPrompt.Keys)
            .Concat(day.EventsByPrompt.Keys)
            .Concat(previous.EventsByPrompt.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(p => Section(p, day, previous, calibration.GetValueOrDefault(p), slos))
            .ToArray();

        var overall = new DailyPromptReport(
            null,
            day.Overall,
            previous.Overall,
            day.OverallEvents,
            previous.OverallEvents,
            CalibrationStatus.Worst(calibration.Values),
            LinesOf(slos, null));
        return new DailyReport(date, generatedAt, overall, prompts);
    }

    /// <summary>The report with only <paramref name="prompt"/>'s section (an empty one when the prompt had nothing that day).</summary>
    public static DailyReport ForPrompt(DailyReport report, string prompt)
    {
        ArgumentNullException.ThrowIfNull(report);
        var section = report.Prompts.FirstOrDefault(p => p.Prompt == prompt)
            ?? new DailyPromptReport(
                prompt,
                DailyFiguresAccumulator.Empty,
                DailyFiguresAccumulator.Empty,
                DailyReportSources.NoEvents,
                DailyReportSources.NoEvents,
                null,
                []);
        return report with { Prompts = [section] };
    }

    public static DailyReportSummary Summarize(DailyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DailyReportSummary(report.Date, report.GeneratedAt, report.Overall.Day.Executions, report.Overall.Day.ErrorRate, report.Overall.Day.CostUsd);
    }

    private static DailyPromptReport Section(string prompt, DayInputs day, DayInputs previous, string? calibration, IReadOnlyList<SloStatusView> slos) => new(
        prompt,
        day.ByPrompt.GetValueOrDefault(prompt) ?? DailyFiguresAccumulator.Empty,
        previous.ByPrompt.GetValueOrDefault(prompt) ?? DailyFiguresAccumulator.Empty,
        day.EventsByPrompt.GetValueOrDefault(prompt) ?? DailyReportSources.NoEvents,
        previous.EventsByPrompt.GetValueOrDefault(prompt) ?? DailyReportSources.NoEvents,
        calibration,
        LinesOf(slos, prompt));

    private static DailySloLine[] LinesOf(IReadOnlyList<SloStatusView> slos, string? prompt) => slos
        .Where(s => s.Prompt == prompt)
        .OrderBy(s => s.Name, StringComparer.Ordinal)
        .Select(s => new DailySloLine(s.Id, s.Name, s.Indicator, s.Objective, s.BudgetRemaining))
        .ToArray();
}
