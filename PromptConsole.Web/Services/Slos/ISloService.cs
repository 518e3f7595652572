using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Services.Slos;

/// <summary>
/// What an operator sends to create or replace an SLO (the API body). <paramref name="Prompt"/> null covers every prompt;
/// <paramref name="Indicator"/> is <c>availability</c>, <c>latency</c> or <c>quality</c>; <paramref name="Objective"/>
/// a percentage strictly between 0 and 100; <paramref name="PeriodDays"/> 7, 28 or 30; the latency indicator needs
/// <paramref name="LatencyThresholdMs"/>, the quality one <paramref name="QualityThreshold"/> (0..1 on the automated
/// scores' scale; people's 1–5 feedback counts on the same scale as (score − 1) / 4).
/// </summary>
public sealed record SloCommand(
    string? Name,
    string? Prompt,
    string? Indicator,
    double? Objective,
    int? PeriodDays,
    double? LatencyThresholdMs,
    double? QualityThreshold);

public sealed record SloView(
    Guid Id,
    string Name,
    string? Prompt,
    string Indicator,
    double Objective,
    int PeriodDays,
    double? LatencyThresholdMs,
    double? QualityThreshold,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// An SLO now. <paramref name="BudgetRemaining"/> is the fraction of the error budget left over the period (below 0 when
/// overspent); <paramref name="BurnRates"/> by window name (<c>5m</c>, <c>30m</c>, <c>1h</c>, <c>6h</c>, <c>1d</c>,
/// <c>3d</c>; null where the window had no events); <paramref name="Burning"/> the severity (<c>page</c>/<c>ticket</c>)
/// whose multi-window burn-rate condition holds, null when none; <paramref name="Alerts"/> the SLO's alerts not yet resolved.
/// </summary>
public sealed record SloStatusView(
    Guid Id,
    string Name,
    string? Prompt,
    string Indicator,
    double Objective,
    int PeriodDays,
    double BudgetRemaining,
    double? Sli,
    long Events,
    long BadEvents,
    IReadOnlyDictionary<string, double?> BurnRates,
    string? Burning,
    string? BurningReason,
    IReadOnlyList<AlertView> Alerts,
    DateTimeOffset EvaluatedAt);

/// <summary>One point of an SLO's burn-rate chart: the burn rate of each window as it was at <paramref name="At"/>.</summary>
public sealed record SloBurnPoint(DateTimeOffset At, IReadOnlyDictionary<string, double?> BurnRates, double BudgetRemaining);

/// <summary>
/// SLOs per prompt (or for all prompts) with their error budgets and multi-window multi-burn-rate conditions, computed
/// from the metrics store (rollups merged over instances). Changes are audited (<c>slo.*</c>).
/// </summary>
public interface ISloService
{
    Task<IReadOnlyList<SloView>> ListAsync(CancellationToken cancellationToken = default);

    Task<Result<SloView>> GetAsync(Guid id, CancellationToken cancellationToken = default);

    Task<Result<SloView>> CreateAsync(SloCommand command, string actor, CancellationToken cancellationToken = default);

    Task<Result<SloView>> UpdateAsync(Guid id, SloCommand command, string actor, CancellationToken cancellationToken = default);

    Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default);

    Task<Result<SloStatusView>> GetStatusAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Every SLO's status (the alert controller and the overview read this).</summary>
    Task<IReadOnlyList<SloStatusView>> ListStatusesAsync(CancellationToken cancellationToken = default);

    /// <summary>The burn-rate chart over the last <paramref name="range"/>.</summary>
    Task<Result<IReadOnlyList<SloBurnPoint>>> GetBurnSeriesAsync(Guid id, TimeSpan range, CancellationToken cancellationToken = default);

    /// <summary>The SLOs as Prometheus recording and alerting rules (YAML, promtool-clean).</summary>
    Task<string> GetPrometheusRulesAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Computes every SLO's status without its alerts (their <see cref="SloStatusView.Alerts"/> are empty). The alert
/// evaluation reads SLOs through this, so it does not depend on <see cref="ISloService"/>, which lists alerts.
/// </summary>
public interface ISloEvaluator
{
    Task<IReadOnlyList<SloStatusView>> EvaluateAllAsync(CancellationToken cancellationToken = default);
}
