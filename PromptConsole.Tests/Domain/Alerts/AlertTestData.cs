using System.Globalization;
using PromptConsole.Domain.Alerts;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;

namespace PromptConsole.Tests.Domain.Alerts;

/// <summary>Rules and window aggregates written compactly for the alert case tables.</summary>
internal static class AlertTestData
{
    private static readonly MetricSeriesKey Key = new("support-reply", 1, null, "sim-fast");

    public static readonly Guid Channel = Guid.Parse("0193a3b0-0000-7000-8000-000000000001");

    public static readonly Guid Slo = Guid.Parse("0193a3b0-0000-7000-8000-0000000000aa");

    /// <summary>A valid rule of the condition; no actions, so no channel is needed.</summary>
    public static AlertRuleDefinition Rule(string condition, double? threshold = null, string severity = "ticket", string? evaluator = null, string window = "5m")
    {
        var result = AlertRuleValidator.Validate(new AlertRuleDraft(
            "rule", "support-reply", condition, threshold, window, severity, [], [], null, null, null, null, evaluator, true,
            condition == "slo-burn" ? Slo : null));
        Assert.True(result.IsSuccess, result.Error?.FieldErrors.Aggregate(string.Empty, (all, f) => $"{all} {f.Field}: {f.Message}"));
        return result.Value;
    }

    /// <summary>
    /// An aggregate from words like <c>ok:90 failed:10 rejected:2 cancelled:1 latency:250 cost:0.002 hits:30
    /// scores:0.5x10 feedback:2x10</c> (latency and cost apply to every execution, hits are the first successes
    /// served from the cache). Null for <c>none</c>.
    /// </summary>
    public static ExecutionStats? Stats(string? spec)
    {
        if (spec is null or "none")
            return null;
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':')).ToDictionary(p => p[0], p => p[1]);
        int Count(string name) => parts.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : 0;
        var latency = parts.TryGetValue("latency", out var l) ? double.Parse(l, CultureInfo.InvariantCulture) : 100;
        var cost = parts.TryGetValue("cost", out var c) ? decimal.Parse(c, CultureInfo.InvariantCulture) : 0.001m;
        var hits = Count("hits");

        var stats = new ExecutionStats();
        void Add(int count, ExecutionOutcome outcome, string? errorType)
        {
            for (var i = 0; i < count; i++)
            {
                var cache = outcome == ExecutionOutcome.Success && hits-- > 0 ? CacheLevel.Exact : CacheLevel.Miss;
                stats.Add(new ExecutionObservation(Key, outcome, errorType, latency, 100, 50, cost, cache, 1, false));
            }
        }

        Add(Count("ok"), ExecutionOutcome.Success, null);
        Add(Count("rejected"), ExecutionOutcome.OutputRejected, "output_rejected");
        Add(Count("failed"), ExecutionOutcome.ProviderFailed, "provider_failed");
        Add(Count("cancelled"), ExecutionOutcome.Cancelled, "cancelled");
        foreach (var (name, source) in new[] { ("scores", QualitySource.Automated), ("feedback", QualitySource.Feedback) })
        {
            if (!parts.TryGetValue(name, out var scores))
                continue;
            var (value, times) = (scores.Split('x')[0], int.Parse(scores.Split('x')[1], CultureInfo.InvariantCulture));
            for (var i = 0; i < times; i++)
                stats.AddQualityScore(source, double.Parse(value, CultureInfo.InvariantCulture));
        }

        return stats;
    }

    public static AlertConditionState State(string name) => name switch
    {
        "holds" => AlertConditionState.Holds,
        "not" => AlertConditionState.DoesNotHold,
        "no-data" => AlertConditionState.NoData,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
