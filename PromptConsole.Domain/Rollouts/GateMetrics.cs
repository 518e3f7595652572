using System.Diagnostics.CodeAnalysis;

namespace PromptConsole.Domain.Rollouts;

/// <summary>Gate metrics as the API and the stored canaries spell them, and which way is worse for each.</summary>
public static class GateMetrics
{
    public const string ErrorRate = "errorRate";
    public const string CheckFailureRate = "checkFailureRate";
    public const string P95LatencyRatio = "p95LatencyRatio";
    public const string CostPerExecutionRatio = "costPerExecutionRatio";
    public const string Feedback = "feedback";
    public const string AutomatedScore = "automatedScore";

    public static readonly IReadOnlyList<string> Names = [ErrorRate, CheckFailureRate, P95LatencyRatio, CostPerExecutionRatio, Feedback, AutomatedScore];

    public static string NameOf(GateMetric metric) => metric switch
    {
        GateMetric.ErrorRate => ErrorRate,
        GateMetric.CheckFailureRate => CheckFailureRate,
        GateMetric.P95LatencyRatio => P95LatencyRatio,
        GateMetric.CostPerExecutionRatio => CostPerExecutionRatio,
        GateMetric.Feedback => Feedback,
        GateMetric.AutomatedScore => AutomatedScore,
        _ => metric.ToString(),
    };

    public static bool TryParse([NotNullWhen(true)] string? name, out GateMetric metric)
    {
        foreach (var candidate in Enum.GetValues<GateMetric>())
        {
            if (string.Equals(NameOf(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                metric = candidate;
                return true;
            }
        }

        metric = default;
        return false;
    }

    /// <summary>Errors, check failures, latency and cost are worse when higher; feedback and scores when lower.</summary>
    public static bool HigherIsWorse(GateMetric metric) => metric is not (GateMetric.Feedback or GateMetric.AutomatedScore);

    /// <summary>Latency and cost compare as candidate / baseline; the rest as candidate − baseline.</summary>
    public static bool IsRatio(GateMetric metric) => metric is GateMetric.P95LatencyRatio or GateMetric.CostPerExecutionRatio;
}
