namespace PromptConsole.Domain.Slos;

/// <summary>An SLO as a person sent it, before <see cref="SloValidator"/> checked it; every part may be missing.</summary>
public sealed record SloDraft(
    string? Name,
    string? Prompt,
    string? Indicator,
    double? Objective,
    int? PeriodDays,
    double? LatencyThresholdMs,
    double? QualityThreshold);
