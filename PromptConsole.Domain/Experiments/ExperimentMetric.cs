namespace PromptConsole.Domain.Experiments;

/// <summary>What an experiment judges its arms by: one primary metric, any number of guardrails.</summary>
public enum ExperimentMetric
{
    /// <summary>Share of executions that answered.</summary>
    SuccessRate,

    /// <summary>Share of answers that passed the version's output checks.</summary>
    OutputCheckPassRate,

    /// <summary>95th-percentile latency, milliseconds.</summary>
    P95Latency,

    /// <summary>Mean cost of one execution, USD.</summary>
    CostPerExecution,

    /// <summary>Mean feedback score, 1–5.</summary>
    Feedback,

    /// <summary>Mean automated score, 0–1.</summary>
    AutomatedScore,
}

/// <summary>API names and directions of <see cref="ExperimentMetric"/>.</summary>
public static class ExperimentMetrics
{
    private static readonly (ExperimentMetric Metric, string Name, bool HigherIsBetter)[] Table =
    [
        (ExperimentMetric.SuccessRate, "successRate", true),
        (ExperimentMetric.OutputCheckPassRate, "outputCheckPassRate", true),
        (ExperimentMetric.P95Latency, "p95Latency", false),
        (ExperimentMetric.CostPerExecution, "costPerExecution", false),
        (ExperimentMetric.Feedback, "feedback", true),
        (ExperimentMetric.AutomatedScore, "automatedScore", true),
    ];

    public static IReadOnlyList<string> AllNames { get; } = Table.Select(t => t.Name).ToArray();

    public static string NameOf(ExperimentMetric metric) => Table.First(t => t.Metric == metric).Name;

    /// <summary>False for latency and cost: a drop there is the improvement.</summary>
    public static bool HigherIsBetter(ExperimentMetric metric) => Table.First(t => t.Metric == metric).HigherIsBetter;

    public static bool TryParse(string? name, out ExperimentMetric metric)
    {
        foreach (var (candidate, candidateName, _) in Table)
        {
            if (string.Equals(name, candidateName, StringComparison.Ordinal))
            {
                metric = candidate;
                return true;
            }
        }

        metric = default;
        return false;
    }
}
