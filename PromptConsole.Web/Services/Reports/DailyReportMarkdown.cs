using System.Globalization;
using System.Text;
using PromptConsole.Domain.Reports;

namespace PromptConsole.Web.Services.Reports;

/// <summary>
/// The daily report as Markdown (what the download and the channels get): per section a table of the day's figures
/// next to the day before and the change, the errors by type, the events, calibration and the SLO budgets. Numbers are
/// written in the invariant culture whatever the server's locale. Counts, latencies and money change in percent of the
/// day before; rates (error rate) in percentage points, since a percent of a percentage reads ambiguously; event counts
/// as a signed difference.
/// </summary>
public static class DailyReportMarkdown
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(DailyReport report, bool onlyPrompts = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var previousDay = report.Date.AddDays(-1);
        var text = new StringBuilder();
        var title = onlyPrompts && report.Prompts.Count == 1 ? $" — {report.Prompts[0].Prompt}" : string.Empty;
        text.Append(Invariant, $"# PromptConsole daily report {Day(report.Date)}{title}\n\n");
        text.Append(Invariant, $"The UTC day {Day(report.Date)}, compared with {Day(previousDay)}. Generated {report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC.\n");

        if (!onlyPrompts)
            Section(text, "All prompts", report.Overall, report);
        foreach (var prompt in report.Prompts)
            Section(text, $"Prompt `{prompt.Prompt}`", prompt, report);
        if (!onlyPrompts && report.Prompts.Count == 0)
            text.Append("\nNo prompt had executions or events on either day.\n");
        return text.ToString();
    }

    private static void Section(StringBuilder text, string heading, DailyPromptReport section, DailyReport report)
    {
        var day = section.Day;
        var before = section.PreviousDay;
        text.Append(Invariant, $"\n## {heading}\n\n");
        text.Append(Invariant, $"| Figure | {Day(report.Date)} | {Day(report.Date.AddDays(-1))} | Change |\n");
        text.Append("|---|---:|---:|---:|\n");
        Row(text, "Executions", Count(day.Executions), Count(before.Executions), Percent(day.Executions, before.Executions));
        Row(text, "Error rate", Rate(day.ErrorRate), Rate(before.ErrorRate), Points(day.ErrorRate, before.ErrorRate));
        Row(text, "p50 latency", Milliseconds(day.P50LatencyMs), Milliseconds(before.P50LatencyMs), Percent(day.P50LatencyMs, before.P50LatencyMs));
        Row(text, "p95 latency", Milliseconds(day.P95LatencyMs), Milliseconds(before.P95LatencyMs), Percent(day.P95LatencyMs, before.P95LatencyMs));
        Row(text, "p99 latency", Milliseconds(day.P99LatencyMs), Milliseconds(before.P99LatencyMs), Percent(day.P99LatencyMs, before.P99LatencyMs));
        Row(text, "Cost", Money(day.CostUsd), Money(before.CostUsd), Percent((double)day.CostUsd, (double)before.CostUsd));
        Row(text, "Cost per execution", Money(day.CostPerExecutionUsd), Money(before.CostPerExecutionUsd), Percent((double?)day.CostPerExecutionUsd, (double?)before.CostPerExecutionUsd));
        Row(text, "Input tokens", Count(day.InputTokens), Count(before.InputTokens), Percent(day.InputTokens, before.InputTokens));
        Row(text, "Output tokens", Count(day.OutputTokens), Count(before.OutputTokens), Percent(day.OutputTokens, before.OutputTokens));
        Row(text, "Cache hits", Count(day.CacheHits), Count(before.CacheHits), Percent(day.CacheHits, before.CacheHits));
        Row(text, "Cache savings", Money(day.CacheSavingsUsd), Money(before.CacheSavingsUsd), Percent((double)day.CacheSavingsUsd, (double)before.CacheSavingsUsd));
        Row(text, "Feedback (1–5)", Mean(day.MeanFeedback, day.FeedbackCount), Mean(before.MeanFeedback, before.FeedbackCount), Percent(day.MeanFeedback, before.MeanFeedback));
        Row(text, "Automated score (0–1)", Mean(day.MeanAutomatedScore, day.AutomatedScoreCount), Mean(before.MeanAutomatedScore, before.AutomatedScoreCount), Percent(day.MeanAutomatedScore, before.MeanAutomatedScore));

        var types = day.ErrorsByType.Keys.Concat(before.ErrorsByType.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (types.Length > 0)
        {
            text.Append("\n| Error type | Day | Day before | Change |\n|---|---:|---:|---:|\n");
            foreach (var type in types)
            {
                var now = day.ErrorsByType.GetValueOrDefault(type);
                var then = before.ErrorsByType.GetValueOrDefault(type);
                Row(text, $"`{type}`", Count(now), Count(then), Percent(now, then));
            }
        }

        var events = section.Events;
        var earlier = section.PreviousEvents;
        text.Append("\n| Event | Day | Day before | Change |\n|---|---:|---:|---:|\n");
        EventRow(text, "Deploys", events.Deploys, earlier.Deploys);
        EventRow(text, "Rollbacks", events.Rollbacks, earlier.Rollbacks);
        EventRow(text, "Automatic rollbacks", events.AutomaticRollbacks, earlier.AutomaticRollbacks);
        EventRow(text, "Canaries started", events.CanariesStarted, earlier.CanariesStarted);
        EventRow(text, "Canaries ended", events.CanariesEnded, earlier.CanariesEnded);
        EventRow(text, "Experiments running", events.ExperimentsRunning, earlier.ExperimentsRunning);
        EventRow(text, "Alerts fired", events.AlertsFired, earlier.AlertsFired);

        text.Append(Invariant, $"\nCalibration: {section.CalibrationStatus ?? "no executions with both feedback and an automated score"}.\n");
        if (section.Slos.Count > 0)
        {
            text.Append(Invariant, $"\n| SLO | Indicator | Objective | Budget remaining (at {report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC) |\n|---|---|---:|---:|\n");
            foreach (var slo in section.Slos)
                text.Append(Invariant, $"| {Escape(slo.Name)} | {slo.Indicator} | {slo.Objective.ToString("0.###", Invariant)} % | {(slo.BudgetRemaining * 100).ToString("0.0", Invariant)} % |\n");
        }
    }

    private static void Row(StringBuilder text, string label, string day, string before, string change) =>
        text.Append(Invariant, $"| {label} | {day} | {before} | {change} |\n");

    private static void EventRow(StringBuilder text, string label, int day, int before) =>
        Row(text, label, Count(day), Count(before), Difference(day - before));

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    public static string Count(long value) => value.ToString("N0", Invariant);

    public static string Rate(double? rate) => rate is { } r ? (r * 100).ToString("0.00", Invariant) + " %" : "—";

    public static string Milliseconds(double? ms) => ms is { } m ? m.ToString("N1", Invariant) + " ms" : "—";

    public static string Money(decimal? usd) => usd is { } u ? "$" + u.ToString("#,0.00####", Invariant) : "—";

    public static string Mean(double? mean, long count) => mean is { } m ? $"{m.ToString("0.00", Invariant)} (n = {Count(count)})" : "—";

    /// <summary>Change in percent of the day before (<c>+12.5 %</c>, <c>-3.0 %</c>); <c>new</c> from nothing, <c>—</c> when there is nothing to compare.</summary>
    public static string Percent(double? day, double? before)
    {
        if (DayOverDayChange.Relative(day, before) is { } change)
            return Signed(change * 100, "0.0") + " %";
        return day is { } now && now != 0 ? "new" : "—";
    }

    /// <summary>Change of a rate in percentage points (<c>+1.25 pp</c>).</summary>
    public static string Points(double? day, double? before) =>
        day is { } now && before is { } then ? Signed((now - then) * 100, "0.00") + " pp" : "—";

    public static string Difference(long change) => change == 0 ? "0" : Signed(change, "N0");

    private static string Signed(double value, string format)
    {
        var rounded = value.ToString(format, Invariant);
        if (rounded.TrimStart('-').All(c => c is '0' or '.' or ','))
            return "±" + rounded.TrimStart('-');
        return value > 0 ? "+" + rounded : rounded;
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
