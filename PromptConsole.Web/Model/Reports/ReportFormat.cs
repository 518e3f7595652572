using System.Globalization;
using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Web.Model.Reports;

/// <summary>Whether a line's change is good news: fewer errors are, fewer executions are neither.</summary>
public enum ChangeTone
{
    Neutral,
    Better,
    Worse,
}

/// <summary>One line of a report section: the day's value, the day before's, and the change written in the line's unit.</summary>
public sealed record ReportLine(string Key, string Label, string Today, string Previous, string Change, ChangeTone Tone);

/// <summary>How the reports page writes a day's figures and their change against the day before.</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    public static string DownloadHref(DateOnly date, string format) => $"api/v1/reports/daily?date={Date(date)}&format={format}";

    public static string Section(DailyPromptReport section) => section.Prompt ?? "All prompts";

    public static IReadOnlyList<ReportLine> Lines(DailyPromptReport section)
    {
        var day = section.Day;
        var before = section.PreviousDay;
        return
        [
            Count("executions", "Executions", day.Executions, before.Executions, lowerIsBetter: null),
            Share("error-rate", "Error rate", day.ErrorRate, before.ErrorRate),
            Latency("p50", "p50 latency", day.P50LatencyMs, before.P50LatencyMs),
            Latency("p95", "p95 latency", day.P95LatencyMs, before.P95LatencyMs),
            Latency("p99", "p99 latency", day.P99LatencyMs, before.P99LatencyMs),
            Money("cost", "Cost", day.CostUsd, before.CostUsd),
            Money("cost-per-execution", "Cost per execution", day.CostPerExecutionUsd, before.CostPerExecutionUsd),
            Count("input-tokens", "Input tokens", day.InputTokens, before.InputTokens, lowerIsBetter: null),
            Count("output-tokens", "Output tokens", day.OutputTokens, before.OutputTokens, lowerIsBetter: null),
            Count("cache-hits", "Cache hits", day.CacheHits, before.CacheHits, lowerIsBetter: false),
            Money("cache-savings", "Cache savings", day.CacheSavingsUsd, before.CacheSavingsUsd, lowerIsBetter: false),
            Score("feedback", "Mean feedback (1–5)", day.MeanFeedback, before.MeanFeedback, $"{MetricsFormat.Count(day.FeedbackCount)} ratings"),
            Score("automated-score", "Mean automated score", day.MeanAutomatedScore, before.MeanAutomatedScore, $"{MetricsFormat.Count(day.AutomatedScoreCount)} scores"),
        ];
    }

    public static IReadOnlyList<ReportLine> EventLines(DailyPromptReport section)
    {
        var day = section.Events;
        var before = section.PreviousEvents;
        return
        [
            Count("deploys", "Deploys", day.Deploys, before.Deploys, lowerIsBetter: null),
            Count("rollbacks", "Rollbacks", day.Rollbacks, before.Rollbacks, lowerIsBetter: true),
            Count("automatic-rollbacks", "Automatic rollbacks", day.AutomaticRollbacks, before.AutomaticRollbacks, lowerIsBetter: true),
            Count("canaries-started", "Canaries started", day.CanariesStarted, before.CanariesStarted, lowerIsBetter: null),
            Count("canaries-ended", "Canaries ended", day.CanariesEnded, before.CanariesEnded, lowerIsBetter: null),
            Count("experiments", "Experiments running", day.ExperimentsRunning, before.ExperimentsRunning, lowerIsBetter: null),
            Count("alerts", "Alerts fired", day.AlertsFired, before.AlertsFired, lowerIsBetter: true),
        ];
    }

    /// <summary>"timeout 4 · rate-limit 1", most frequent first.</summary>
    public static string Errors(DailyFigures figures) => figures.ErrorsByType.Count == 0
        ? "none"
        : string.Join(" · ", figures.ErrorsByType.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {MetricsFormat.Count(e.Value)}"));

    /// <summary>"+12 (+8.0 %)" for a count; "±0" when unchanged.</summary>
    public static ReportLine Count(string key, string label, long today, long previous, bool? lowerIsBetter)
    {
        var delta = today - previous;
        var change = delta == 0 ? "±0" : Signed(delta, "#,0") + (previous > 0 ? $" ({Signed(delta * 100.0 / previous, "0.0")} %)" : string.Empty);
        return new(key, label, MetricsFormat.Count(today), MetricsFormat.Count(previous), change, Tone(delta, lowerIsBetter));
    }

    /// <summary>A share's change in percentage points: "+1.2 pp".</summary>
    public static ReportLine Share(string key, string label, double? today, double? previous) =>
        new(key, label, MetricsFormat.Percent(today), MetricsFormat.Percent(previous),
            Delta(today, previous, d => Signed(d * 100, "0.00") + " pp"), Tone(Difference(today, previous), lowerIsBetter: true));

    /// <summary>A latency's change as a ratio: "+12.0 %".</summary>
    public static ReportLine Latency(string key, string label, double? today, double? previous) =>
        new(key, label, MetricsFormat.Latency(today), MetricsFormat.Latency(previous), Relative(today, previous), Tone(Difference(today, previous), lowerIsBetter: true));

    public static ReportLine Money(string key, string label, decimal? today, decimal? previous, bool lowerIsBetter = true) =>
        new(key, label, today is { } t ? MetricsFormat.Usd(t) : MetricsFormat.Nothing, previous is { } p ? MetricsFormat.Usd(p) : MetricsFormat.Nothing,
            Relative((double?)today, (double?)previous), Tone(Difference((double?)today, (double?)previous), lowerIsBetter));

    public static ReportLine Score(string key, string label, double? today, double? previous, string count) =>
        new(key, label, $"{MetricsFormat.Quality(today)} ({count})", MetricsFormat.Quality(previous),
            Delta(today, previous, d => Signed(d, "0.00")), Tone(Difference(today, previous), lowerIsBetter: false));

    private static string Relative(double? today, double? previous) => (today, previous) switch
    {
        ({ } t, { } p) when p != 0 => Signed((t - p) / p * 100, "0.0") + " %",
        ({ } t, { } p) when t == p => "±0",
        _ => MetricsFormat.Nothing,
    };

    private static string Delta(double? today, double? previous, Func<double, string> write) =>
        Difference(today, previous) is { } d ? (d == 0 ? "±0" : write(d)) : MetricsFormat.Nothing;

    private static double? Difference(double? today, double? previous) => today is { } t && previous is { } p ? t - p : null;

    private static ChangeTone Tone(double? delta, bool? lowerIsBetter) => (delta, lowerIsBetter) switch
    {
        (null, _) or (_, null) => ChangeTone.Neutral,
        ({ } d, _) when d == 0 => ChangeTone.Neutral,
        ({ } d, true) => d < 0 ? ChangeTone.Better : ChangeTone.Worse,
        ({ } d, false) => d > 0 ? ChangeTone.Better : ChangeTone.Worse,
    };

    private static string Signed(double value, string format) =>
        (value < 0 ? "−" : "+") + Math.Abs(value).ToString(format, Invariant);
}
