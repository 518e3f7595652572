namespace PromptConsole.Domain.Alerts;

/// <summary>
/// What an alert rule watches. Each condition's exact definition is on <see cref="AlertConditionEvaluator"/>;
/// the API names are on <see cref="AlertConditionNames"/>.
/// </summary>
public enum AlertCondition
{
    ErrorRateSpike,
    LatencyVsBaseline,
    SuccessRateDrop,
    CostSpike,
    CacheHitRateDrop,
    QualityDrop,
    FeedbackDrop,
    CalibrationDrift,
    ProviderFailures,
    SloBurn,
}

/// <summary>The conditions' names in the API, the console and notifications (<c>error-rate-spike</c>, …).</summary>
public static class AlertConditionNames
{
    private static readonly (AlertCondition Condition, string Name)[] Names =
    [
        (AlertCondition.ErrorRateSpike, "error-rate-spike"),
        (AlertCondition.LatencyVsBaseline, "latency-vs-baseline"),
        (AlertCondition.SuccessRateDrop, "success-rate-drop"),
        (AlertCondition.CostSpike, "cost-spike"),
        (AlertCondition.CacheHitRateDrop, "cache-hit-rate-drop"),
        (AlertCondition.QualityDrop, "quality-drop"),
        (AlertCondition.FeedbackDrop, "feedback-drop"),
        (AlertCondition.CalibrationDrift, "calibration-drift"),
        (AlertCondition.ProviderFailures, "provider-failures"),
        (AlertCondition.SloBurn, "slo-burn"),
    ];

    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    public static string Of(AlertCondition condition) =>
        Names.FirstOrDefault(n => n.Condition == condition).Name
        ?? throw new ArgumentOutOfRangeException(nameof(condition), condition, null);

    public static AlertCondition? Parse(string? name)
    {
        var trimmed = name?.Trim().ToLowerInvariant();
        foreach (var (condition, known) in Names)
        {
            if (known == trimmed)
                return condition;
        }

        return null;
    }
}
