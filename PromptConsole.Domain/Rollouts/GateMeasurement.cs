namespace PromptConsole.Domain.Rollouts;

/// <summary>Argo Rollouts' measurement phases.</summary>
public enum MeasurementPhase
{
    Successful,
    Failed,
    Inconclusive,
    /// <summary>Nothing to measure: an arm has no data for the metric.</summary>
    Error,
}

/// <summary>
/// One gate's measurement: each arm's value, the compared value (difference or ratio), the sequential test's
/// p-value for statistical gates, the phase and a sentence saying why.
/// </summary>
public sealed record GateMeasurement(
    GateMetric Metric,
    MeasurementPhase Phase,
    double? Candidate,
    double? Baseline,
    double? Value,
    double? PValue,
    string Reason)
{
    public static string PhaseName(MeasurementPhase phase) => phase switch
    {
        MeasurementPhase.Successful => "successful",
        MeasurementPhase.Failed => "failed",
        MeasurementPhase.Inconclusive => "inconclusive",
        MeasurementPhase.Error => "error",
        _ => phase.ToString().ToLowerInvariant(),
    };

    public static bool TryParsePhase(string? name, out MeasurementPhase phase)
    {
        foreach (var candidate in Enum.GetValues<MeasurementPhase>())
        {
            if (string.Equals(PhaseName(candidate), name, StringComparison.Ordinal))
            {
                phase = candidate;
                return true;
            }
        }

        phase = default;
        return false;
    }
}
