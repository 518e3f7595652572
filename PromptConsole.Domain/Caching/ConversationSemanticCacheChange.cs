using System.Globalization;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Caching;

/// <summary>
/// A requested change of the semantic cache of raw conversations as it arrives (names, not enums, so every mistake is
/// reported with its field). Missing values keep the current ones; <see cref="ModelThresholds"/>, when given, replaces
/// every per-model threshold (a null value drops that model's).
/// </summary>
public sealed record ConversationSemanticCacheChange(
    string? Mode = null,
    double? Threshold = null,
    int? TtlSeconds = null,
    int? MaxEntries = null,
    double? VerificationRate = null,
    IReadOnlyDictionary<string, double?>? ModelThresholds = null)
{
    /// <summary>
    /// Checks the change against the settings in force; <paramref name="isKnownModel"/> says whether the catalog serves a
    /// model (a threshold for a model that is not there would never apply, so it is refused rather than kept silently).
    /// </summary>
    public Result<ConversationCacheSettings> Apply(ConversationCacheSettings current, Func<string, bool> isKnownModel)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(isKnownModel);
        var shared = current.Shared;
        var errors = new List<FieldError>();

        var mode = SemanticCacheChange.ModeAfter(Mode, shared.Mode, HasAnySetting, errors);

        var threshold = Threshold ?? shared.Threshold;
        var ttl = TtlSeconds ?? shared.TtlSeconds;
        var maxEntries = MaxEntries ?? shared.MaxEntries;
        var rate = VerificationRate ?? shared.VerificationRate;
        errors.AddRange(SemanticCacheSettings.CheckLimits(threshold, ttl, maxEntries, rate));

        var models = current.ModelThresholds;
        if (ModelThresholds is not null)
        {
            var kept = ModelThresholds.Where(m => m.Value is not null).ToDictionary(m => m.Key, m => m.Value!.Value, StringComparer.Ordinal);
            errors.AddRange(ConversationCacheSettings.CheckModelThresholds(kept, isKnownModel));
            models = kept;
        }

        if (errors.Count > 0)
            return Error.Validation("invalid-semantic-cache-settings", "The semantic cache settings of raw conversations are not valid.", errors);

        return new ConversationCacheSettings(shared with { Mode = mode, Threshold = threshold, TtlSeconds = ttl, MaxEntries = maxEntries, VerificationRate = rate }, models);
    }

    private bool HasAnySetting =>
        Threshold is not null || TtlSeconds is not null || MaxEntries is not null || VerificationRate is not null || ModelThresholds is not null;

    /// <summary>One line for the audit: what the settings were and what they are.</summary>
    public static string Describe(ConversationCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var s = settings.Shared;
        var text = string.Create(CultureInfo.InvariantCulture, $"{SemanticCacheChange.NameOf(s.Mode)} at {s.Threshold:0.###}, ttl {s.TtlSeconds} s, at most {s.MaxEntries} entries, verifying {s.VerificationRate:0.###}");
        return settings.ModelThresholds.Count == 0
            ? text
            : text + "; " + string.Join(", ", settings.ModelThresholds.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} at {m.Value:0.###}")));
    }
}
