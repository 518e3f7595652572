using System.Globalization;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Model.Caching;

/// <summary>One threshold's line in a prompt's shadow table.</summary>
public sealed record ShadowThresholdRow(double Threshold, int Samples, int FalseHits, double? FalseHitRate, double UpperBound, bool Recommended)
{
    public string ThresholdText => Threshold.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>
/// One prompt's shadow results (for raw conversations, also those sent to one <see cref="Model"/>): the estimate per
/// threshold and the threshold it supports, if any.
/// </summary>
public sealed record ShadowPromptResults(
    string PromptKey,
    double TargetFalseHitRate,
    int MinimumSamples,
    double? RecommendedThreshold,
    int Samples,
    IReadOnlyList<ShadowThresholdRow> Rows)
{
    /// <summary>Raw conversations only: the model the results are limited to (null: every model).</summary>
    public string? Model { get; init; }

    /// <summary>What tells the section apart on the page: the prompt key, with the model when limited to one.</summary>
    public string Id => Model is null ? PromptKey : $"{PromptKey}-{Model}";

    /// <summary>The prompt key, or what the reserved key of raw conversations stands for (and the model, when limited to one).</summary>
    public string Title => PromptKey != Services.ChatCompletionGateway.RecordKey
        ? PromptKey
        : Model is null ? "raw conversations (_chat)" : $"raw conversations (_chat) sent to {Model}";

    /// <summary>The sentence under the prompt's name: what the evidence supports, or why it supports nothing yet.</summary>
    public string Verdict => RecommendedThreshold is { } threshold
        ? string.Create(CultureInfo.InvariantCulture, $"Recommended threshold {threshold:0.00}: the lowest whose false-hit rate is at most {TargetFalseHitRate:0.#%} with 95 % confidence over at least {MinimumSamples} samples.")
        : string.Create(CultureInfo.InvariantCulture, $"No threshold is recommended yet: none has at least {MinimumSamples} samples with a 95 % upper bound of at most {TargetFalseHitRate:0.#%} false hits.");

    /// <summary>The chart's x axis: the thresholds.</summary>
    public string[] ChartLabels => [.. Rows.Select(r => r.ThresholdText)];

    /// <summary>The false-hit rate per threshold in percent (0 where nothing was sampled).</summary>
    public double[] RatePercents => [.. Rows.Select(r => (r.FalseHitRate ?? 0) * 100)];

    /// <summary>The 95 % upper bound per threshold in percent (100 where nothing was sampled).</summary>
    public double[] UpperBoundPercents => [.. Rows.Select(r => r.UpperBound * 100)];

    public double[] TargetPercents => [.. Rows.Select(_ => TargetFalseHitRate * 100)];
}

/// <summary>
/// The cache page's "Semantic shadow results": per prompt, the false-hit estimate for every threshold from 0.80 to
/// 0.99 (from shadow comparisons and served hits marked wrong), with the recommended threshold marked.
/// </summary>
public sealed class SemanticShadowResultsViewModel(ISemanticShadowResults results)
{
    public IReadOnlyList<ShadowPromptResults> Prompts { get; private set; } = [];

    public bool Loaded { get; private set; }

    public string? Error { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var estimates = await results.EstimateAllAsync(cancellationToken);
            Prompts = [.. estimates.Select(e => new ShadowPromptResults(
                e.PromptKey,
                e.Estimate.TargetFalseHitRate,
                e.Estimate.MinimumSamples,
                e.Estimate.RecommendedThreshold,
                e.Estimate.Rows.Count > 0 ? e.Estimate.Rows[0].Samples : 0,
                [.. e.Estimate.Rows.Select(r => new ShadowThresholdRow(
                    r.Threshold, r.Samples, r.FalseHits, r.FalseHitRate, r.UpperBound,
                    e.Estimate.RecommendedThreshold is { } t && Math.Abs(t - r.Threshold) < 1e-9))])
            {
                Model = e.Model,
            })];
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = "The shadow results could not be read: " + exception.Message;
        }

        Loaded = true;
    }

    public static string Percent(double? value) =>
        value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "—";
}
