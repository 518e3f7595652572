namespace PromptConsole.Web.Services.Alerts;

/// <summary>
/// Where the retry backoff's jitter is drawn from: uniform random in production, a fixed value in tests so the waits
/// are known in advance.
/// </summary>
public sealed class JitterSource(Func<double> next)
{
    public static JitterSource Random { get; } = new(System.Random.Shared.NextDouble);

    /// <summary>A draw in [0, 1).</summary>
    public double Next() => next();
}
