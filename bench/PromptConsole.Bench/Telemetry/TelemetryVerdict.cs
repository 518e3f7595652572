namespace PromptConsole.Bench.Telemetry;

/// <summary>
/// How far apart telemetry on and off are, and whether that can be judged at all: when the same
/// configuration varies more than the aim from run to run, a difference within the aim means nothing.
/// </summary>
internal static class TelemetryVerdict
{
    public const double AimRelativeDifference = 0.05;

    public const string Met = "met";
    public const string Missed = "missed";
    public const string InconclusiveMachineBusy = "inconclusive-machine-busy";

    /// <summary>(on − off) / off: positive when "on" is larger (slower p99, or higher throughput).</summary>
    public static double RelativeDifference(double off, double on) => (on - off) / off;

    /// <summary>(max − min) / mean of one configuration's runs; 0 for a single run.</summary>
    public static double Spread(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return (values.Max() - values.Min()) / mean;
    }

    /// <param name="clean">No errors in any run of either configuration.</param>
    /// <param name="generatorKeptTime">The load generator sent on time in every run (always true for closed-loop runs).</param>
    public static string Judge(bool clean, bool generatorKeptTime, double relativeDifference, double offSpread, double onSpread)
    {
        if (!clean)
        {
            return Missed;
        }

        bool noisy = !generatorKeptTime
            || !double.IsFinite(relativeDifference)
            || !(offSpread <= AimRelativeDifference)
            || !(onSpread <= AimRelativeDifference);
        if (noisy)
        {
            return InconclusiveMachineBusy;
        }

        return Math.Abs(relativeDifference) <= AimRelativeDifference ? Met : Missed;
    }
}
