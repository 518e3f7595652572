using System.Collections.Frozen;
using System.Collections.Immutable;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Caching;

/// <summary>Where the semantic cache settings of raw conversations in force come from.</summary>
public enum ConversationCacheSettingsSource
{
    /// <summary><c>PromptConsole:Cache:ChatCompletions:Semantic</c>: nobody changed them in the console or the API yet.</summary>
    Configuration,

    /// <summary>An operator's change, saved in the database (it outlives restarts and reaches every instance).</summary>
    Saved,
}

/// <summary>
/// The semantic cache of raw conversations as in force: the settings every model shares, and per-model thresholds that
/// replace the shared threshold for conversations sent to that model. One threshold rarely suits every model behind the
/// gateway: a small model answering FAQs gives paraphrases the same answer far more often than a reasoning model whose
/// answer turns on the wording, and the shadow estimate says so per model. The model is already part of every
/// partition key, so a per-model threshold changes which stored answers are close enough, never which are candidates.
/// </summary>
public sealed class ConversationCacheSettings
{
    private readonly FrozenDictionary<string, SemanticCacheSettings> _byModel;

    public ConversationCacheSettings(SemanticCacheSettings shared, IReadOnlyDictionary<string, double> modelThresholds)
    {
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(modelThresholds);
        Shared = shared;
        // Sorted by model, so the API, the console and the audit line list them in one order (a frozen dictionary keeps none).
        ModelThresholds = modelThresholds.ToImmutableSortedDictionary(StringComparer.Ordinal);
        _byModel = ModelThresholds.ToFrozenDictionary(m => m.Key, m => shared with { Threshold = m.Value }, StringComparer.Ordinal);
    }

    /// <summary>Off, with the defaults of raw conversations (threshold 0.95, an hour) for when it is switched on.</summary>
    public static ConversationCacheSettings Off { get; } = new(
        SemanticCacheSettings.Off with { Threshold = ConversationSemanticCache.DefaultThreshold, TtlSeconds = ConversationSemanticCache.DefaultTtlSeconds },
        ImmutableSortedDictionary<string, double>.Empty);

    /// <summary>Mode, shared threshold, time to live, size and verification rate.</summary>
    public SemanticCacheSettings Shared { get; }

    /// <summary>Thresholds of single models (by catalog name), replacing <see cref="SemanticCacheSettings.Threshold"/> for them.</summary>
    public IReadOnlyDictionary<string, double> ModelThresholds { get; }

    public ConversationCacheSettingsSource Source { get; init; } = ConversationCacheSettingsSource.Configuration;

    /// <summary>Who saved them and when (null while they come from configuration).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public string? UpdatedBy { get; init; }

    /// <summary>The same settings as saved by <paramref name="by"/> at <paramref name="at"/>.</summary>
    public ConversationCacheSettings WithSaved(DateTimeOffset at, string by) =>
        new(Shared, ModelThresholds) { Source = ConversationCacheSettingsSource.Saved, UpdatedAt = at, UpdatedBy = by };

    /// <summary>The settings a conversation sent to <paramref name="model"/> is looked up with; no allocation on the request path.</summary>
    public SemanticCacheSettings For(string model) => _byModel.TryGetValue(model, out var settings) ? settings : Shared;

    /// <summary>
    /// The errors of a set of per-model thresholds (each between <see cref="SemanticCacheSettings.MinThreshold"/> and 1, named
    /// models only), each under <c>modelThresholds.&lt;model&gt;</c>; <paramref name="isKnownModel"/> null accepts any name
    /// (configuration is read before the catalog).
    /// </summary>
    public static IEnumerable<FieldError> CheckModelThresholds(IEnumerable<KeyValuePair<string, double>> thresholds, Func<string, bool>? isKnownModel)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        foreach (var (model, threshold) in thresholds)
        {
            var field = "modelThresholds." + model;
            if (string.IsNullOrWhiteSpace(model))
                yield return new FieldError("modelThresholds", "A per-model threshold needs the model's name.");
            else if (isKnownModel is not null && !isKnownModel(model))
                yield return new FieldError(field, $"The catalog has no model '{model}'.");
            else if (!SemanticCacheSettings.IsThreshold(threshold))
                yield return new FieldError(field, SemanticCacheSettings.ThresholdMessage);
        }
    }
}
