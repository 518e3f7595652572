namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Simulated latency: log-normal, fitted to a median and a 95th percentile, which is the shape real
/// model latencies have (a bulk near the median and a long right tail).
/// </summary>
public readonly record struct LogNormalLatency(double MedianMs, double P95Ms)
{
    /// <summary>The standard normal quantile at 0.95.</summary>
    private const double Z95 = 1.6448536269514722;

    /// <summary>Draws beyond this many times the p95 are clipped, so one unlucky draw cannot stall a demo.</summary>
    private const double TailCapOverP95 = 4;

    public bool IsInstant => MedianMs <= 0;

    /// <summary>Log-space standard deviation; 0 means every draw is the median.</summary>
    public double Sigma => P95Ms > MedianMs && MedianMs > 0 ? Math.Log(P95Ms / MedianMs) / Z95 : 0;

    /// <summary>One draw from two independent uniforms in (0, 1] (Box–Muller).</summary>
    public TimeSpan Sample(double uniform1, double uniform2)
    {
        if (IsInstant)
            return TimeSpan.Zero;
        var sigma = Sigma;
        if (sigma == 0)
            return TimeSpan.FromMilliseconds(MedianMs);

        var standardNormal = Math.Sqrt(-2 * Math.Log(uniform1)) * Math.Cos(2 * Math.PI * uniform2);
        var ms = MedianMs * Math.Exp(sigma * standardNormal);
        return TimeSpan.FromMilliseconds(Math.Min(ms, P95Ms * TailCapOverP95));
    }
}
