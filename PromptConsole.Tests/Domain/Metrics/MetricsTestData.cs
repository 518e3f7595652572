using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;

namespace PromptConsole.Tests.Domain.Metrics;

/// <summary>Seeded data sets and comparisons shared by the metrics tests.</summary>
internal static class MetricsTestData
{
    public static double[] Dataset(string name) => name switch
    {
        "uniform" => Generate(10_000, 42, random => 1 + random.NextDouble() * 999),
        "log-normal" => Generate(10_000, 7, random => Math.Exp(5 + 1.5 * StandardNormal(random))),
        "constant" => Enumerable.Repeat(42.0, 250).ToArray(),
        "tiny" => Generate(5_000, 3, random => Math.Pow(10, -5 + 2 * random.NextDouble())),
        "six-orders" => Generate(10_000, 11, random => Math.Pow(10, -2 + 6 * random.NextDouble())),
        "with-zeros" => Generate(1_000, 5, random => random.NextDouble() < 0.3 ? 0 : 100 + random.NextDouble() * 100),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown data set."),
    };

    /// <summary>The value at rank ⌊q·(n−1)⌋ of the sorted values: the quantile the histogram promises to approximate.</summary>
    public static double ExactQuantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Floor(q * (sorted.Length - 1))];
    }

    public static LogHistogram HistogramOf(IEnumerable<double> values, double relativeAccuracy = LogHistogram.DefaultRelativeAccuracy)
    {
        var histogram = new LogHistogram(relativeAccuracy);
        foreach (var value in values)
            histogram.Add(value);
        return histogram;
    }

    public static MetricSeriesKey Key(string prompt = "summarize", int version = 1, string? arm = null, string model = "gpt-4o-mini") =>
        new(prompt, version, arm, model);

    public static ExecutionObservation Observation(
        MetricSeriesKey? key = null,
        ExecutionOutcome outcome = ExecutionOutcome.Success,
        string? errorType = null,
        double latencyMs = 100,
        int inputTokens = 10,
        int outputTokens = 20,
        decimal costUsd = 0.001m,
        CacheLevel cache = CacheLevel.Miss,
        int attempts = 1,
        bool fallback = false,
        int? feedback = null,
        double? automated = null) =>
        new(key ?? Key(), outcome, errorType, latencyMs, inputTokens, outputTokens, costUsd, cache, attempts, fallback, feedback, automated);

    /// <summary>A varied, seeded stream of observations over a few series.</summary>
    public static IReadOnlyList<ExecutionObservation> RandomObservations(int count, int seed)
    {
        var random = new Random(seed);
        MetricSeriesKey[] keys = [Key(), Key(version: 2, arm: "canary"), Key(model: "claude-haiku")];
        var outcomes = Enum.GetValues<ExecutionOutcome>();
        var caches = Enum.GetValues<CacheLevel>();
        string?[] errorTypes = [null, "timeout", "rate_limited", "output_check"];
        return Enumerable.Range(0, count).Select(_ => Observation(
            keys[random.Next(keys.Length)],
            outcomes[random.Next(outcomes.Length)],
            errorTypes[random.Next(errorTypes.Length)],
            Math.Exp(4 + random.NextDouble() * 4),
            random.Next(1, 4000),
            random.Next(0, 2000),
            Math.Round((decimal)random.NextDouble() / 100, 8),
            caches[random.Next(caches.Length)],
            random.Next(0, 4),
            random.Next(10) == 0,
            random.Next(4) == 0 ? random.Next(1, 6) : null,
            random.Next(3) == 0 ? random.NextDouble() : null)).ToArray();
    }

    public static void AssertSameHistogram(LogHistogram expected, LogHistogram actual)
    {
        var e = expected.ToSnapshot();
        var a = actual.ToSnapshot();
        Assert.Equal(e.RelativeAccuracy, a.RelativeAccuracy);
        Assert.Equal(e.MinIndexableValue, a.MinIndexableValue);
        Assert.Equal(e.Count, a.Count);
        Assert.Equal(e.ZeroCount, a.ZeroCount);
        Assert.Equal(e.Min, a.Min);
        Assert.Equal(e.Max, a.Max);
        Assert.Equal(e.Buckets, a.Buckets);
        // Sums differ only by the order of floating-point additions.
        Assert.Equal(e.Sum, a.Sum, 1e-9 * Math.Max(1, Math.Abs(e.Sum)));
    }

    public static void AssertSameStats(ExecutionStats expected, ExecutionStats actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(Sorted(expected.Outcomes), Sorted(actual.Outcomes));
        Assert.Equal(Sorted(expected.ErrorTypes), Sorted(actual.ErrorTypes));
        Assert.Equal(Sorted(expected.CacheLevels), Sorted(actual.CacheLevels));
        Assert.Equal(expected.InputTokens, actual.InputTokens);
        Assert.Equal(expected.OutputTokens, actual.OutputTokens);
        Assert.Equal(expected.CostUsd, actual.CostUsd);
        Assert.Equal(expected.Retries, actual.Retries);
        Assert.Equal(expected.Fallbacks, actual.Fallbacks);
        Assert.Equal(expected.FeedbackQuality.Count, actual.FeedbackQuality.Count);
        Assert.Equal(expected.FeedbackQuality.Sum, actual.FeedbackQuality.Sum, 1e-9);
        Assert.Equal(expected.AutomatedQuality.Count, actual.AutomatedQuality.Count);
        Assert.Equal(expected.AutomatedQuality.Sum, actual.AutomatedQuality.Sum, 1e-9);
        AssertSameHistogram(expected.LatencyMs, actual.LatencyMs);
    }

    private static string[] Sorted<TKey>(IReadOnlyDictionary<TKey, long> counts)
        where TKey : notnull =>
        counts.Select(pair => $"{pair.Key}={pair.Value}").Order(StringComparer.Ordinal).ToArray();

    private static double[] Generate(int count, int seed, Func<Random, double> next)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => next(random)).ToArray();
    }

    private static double StandardNormal(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm away from zero.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
