using System.Globalization;
using PromptConsole.Domain.Slos;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Model.Slos;

/// <summary>How close an SLO is to breaking: decides the colour of its budget bar and whether the overview lists it.</summary>
public enum SloRisk
{
    Healthy,
    AtRisk,
    Breached,
}

/// <summary>
/// One burn-rate window with the thresholds the multi-window rules apply to it (SRE workbook): a page at ≥ 14.4 over
/// 1 h and 5 m or ≥ 6 over 6 h and 30 m, a ticket at ≥ 1 over 3 d and 6 h. <paramref name="Partner"/> is the window
/// the condition also needs. A window without a rule (1 d) is shown for context only.
/// </summary>
public sealed record BurnWindow(string Name, string Label, double? PageThreshold, double? TicketThreshold, string? Partner);

/// <summary>How the SLO pages write budgets, burn rates, objectives and risk, the same on every page.</summary>
public static class SloFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Below this share of budget left an SLO is at risk even when nothing burns fast.</summary>
    public const double AtRiskBudget = 0.25;

    public static readonly IReadOnlyList<BurnWindow> Windows =
    [
        new("5m", "5 min", 14.4, null, "1h"),
        new("30m", "30 min", 6, null, "6h"),
        new("1h", "1 hour", 14.4, null, "5m"),
        new("6h", "6 hours", 6, 1, "30m / 3d"),
        new("1d", "1 day", null, null, null),
        new("3d", "3 days", null, 1, "6h"),
    ];

    public static readonly IReadOnlyList<int> Periods = [7, 28, 30];

    public static readonly IReadOnlyList<string> Indicators = ["availability", "latency", "quality"];

    public static string SloHref(Guid id) => $"slos/{id}";

    public static SloRisk Risk(double budgetRemaining, string? burning) =>
        budgetRemaining <= 0 || burning == "page" ? SloRisk.Breached
        : budgetRemaining < AtRiskBudget || burning is not null ? SloRisk.AtRisk
        : SloRisk.Healthy;

    public static SloRisk Risk(SloStatusView status) => Risk(status.BudgetRemaining, status.Burning);

    /// <summary>An SLO the overview lists: less than a quarter of its budget left, or burning.</summary>
    public static bool IsAtRisk(SloStatusView status) => Risk(status) != SloRisk.Healthy;

    public static string RiskName(SloRisk risk) => risk switch
    {
        SloRisk.Breached => "breached",
        SloRisk.AtRisk => "at-risk",
        _ => "healthy",
    };

    /// <summary>"73.4 %" of the budget left; negative when overspent ("−12.0 %").</summary>
    public static string Budget(double budgetRemaining) =>
        (budgetRemaining < 0 ? "−" : string.Empty) + Math.Abs(budgetRemaining * 100).ToString("0.0", Invariant) + " %";

    /// <summary>The budget bar's fill, 0–100 (an overspent budget shows empty).</summary>
    public static double BudgetBar(double budgetRemaining) => Math.Clamp(budgetRemaining * 100, 0, 100);

    /// <summary>"99.5 %", "99.95 %".</summary>
    public static string Objective(double objectivePercent) => objectivePercent.ToString("0.###", Invariant) + " %";

    /// <summary>The measured SLI as a percentage ("99.412 %"), "—" without events.</summary>
    public static string Sli(double? sli) => sli is { } value ? (value * 100).ToString("0.###", Invariant) + " %" : MetricsFormat.Nothing;

    public static string Period(int days) => $"{days} days";

    public static string Indicator(string indicator, double? latencyThresholdMs, double? qualityThreshold) => SloIndicatorNames.Parse(indicator) switch
    {
        SloIndicator.Availability => "Availability (successful executions)",
        SloIndicator.Latency => latencyThresholdMs is { } ms ? $"Latency (executions under {ms.ToString("0.###", Invariant)} ms)" : "Latency",
        SloIndicator.Quality => qualityThreshold is { } q ? $"Quality (scores at or above {q.ToString("0.###", Invariant)})" : "Quality",
        _ => indicator,
    };

    public static string Indicator(SloView slo) => Indicator(slo.Indicator, slo.LatencyThresholdMs, slo.QualityThreshold);

    public static string Prompt(string? prompt) => prompt ?? "all prompts";

    /// <summary>"page ≥ ×14.4 · ticket ≥ ×1" for a window; "—" for one no rule reads.</summary>
    public static string Thresholds(BurnWindow window)
    {
        var parts = new List<string>();
        if (window.PageThreshold is { } page)
            parts.Add($"page ≥ ×{page.ToString("0.#", Invariant)}");
        if (window.TicketThreshold is { } ticket)
            parts.Add($"ticket ≥ ×{ticket.ToString("0.#", Invariant)}");
        return parts.Count == 0 ? MetricsFormat.Nothing : string.Join(" · ", parts);
    }

    /// <summary>Which threshold a window's current burn rate crosses: <c>page</c>, <c>ticket</c> or null.</summary>
    public static string? Crossed(BurnWindow window, double? rate) => rate switch
    {
        { } r when window.PageThreshold is { } page && r >= page => "page",
        { } r when window.TicketThreshold is { } ticket && r >= ticket => "ticket",
        _ => null,
    };

    public static double? RateOf(IReadOnlyDictionary<string, double?> rates, string window) =>
        rates.TryGetValue(window, out var rate) ? rate : null;
}
