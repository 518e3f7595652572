using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Caching;

/// <summary>What a prompt's semantic cache does with a would-be hit.</summary>
public enum SemanticCacheMode
{
    /// <summary>No lookups, nothing stored.</summary>
    Off,

    /// <summary>Nothing is served: would-be hits are compared with the provider's own answer, to estimate false hits per threshold.</summary>
    Shadow,

    /// <summary>Hits are served; a sample is still verified against the provider.</summary>
    Serve,
}

/// <summary>How two answers to near-identical requests are judged the same.</summary>
public enum AnswerAgreementMethod
{
    /// <summary>The texts are equal (ordinal, ignoring surrounding white space).</summary>
    Exact,

    /// <summary>The cosine of the two answers' embeddings is at least the agreement threshold.</summary>
    Embedding,
}

/// <summary>The rule a shadow comparison or a verification sample applies to the cached and the fresh answer.</summary>
public sealed record AnswerAgreement(AnswerAgreementMethod Method, double Threshold)
{
    public const double DefaultThreshold = 0.95;

    public static AnswerAgreement Default { get; } = new(AnswerAgreementMethod.Embedding, DefaultThreshold);
}

/// <summary>An operator's override of one variable's cache policy (and, for semantic variables, its threshold).</summary>
public sealed record SemanticVariableSetting(CachePolicy? Policy, double? Threshold);

/// <summary>
/// A prompt's semantic cache: its mode, the default similarity threshold, how long and how many answers are kept,
/// the share of served hits verified against the provider, the answer-agreement rule and per-variable overrides of
/// the policies the declarations imply. Off unless switched on; switched on for the first time it starts in shadow.
/// </summary>
public sealed record SemanticCacheSettings(
    SemanticCacheMode Mode,
    double Threshold,
    int TtlSeconds,
    int MaxEntries,
    double VerificationRate,
    AnswerAgreement Agreement,
    IReadOnlyDictionary<string, SemanticVariableSetting> Variables)
{
    public const double DefaultThreshold = 0.92;

    /// <summary>Below this nothing is even a candidate: MiniLM scores unrelated sentences of one topic around 0.5–0.7.</summary>
    public const double MinThreshold = 0.5;

    /// <summary>The floor shadow mode searches down to, so the false-hit estimate covers every threshold from 0.80 to 0.99.</summary>
    public const double ShadowFloor = 0.80;

    public const int DefaultTtlSeconds = 24 * 3600;
    public const int DefaultMaxEntries = 10_000;
    public const int MaxMaxEntries = 1_000_000;
    public const double DefaultVerificationRate = 0.05;

    public static SemanticCacheSettings Off { get; } = new(
        SemanticCacheMode.Off, DefaultThreshold, DefaultTtlSeconds, DefaultMaxEntries, DefaultVerificationRate, AnswerAgreement.Default,
        new Dictionary<string, SemanticVariableSetting>(StringComparer.Ordinal));

    public bool Enabled => Mode != SemanticCacheMode.Off;

    /// <summary>
    /// The checks every way of setting a semantic cache shares (a prompt's change, raw conversations' configuration and
    /// change): the threshold, time to live, entries (<paramref name="entriesScope"/> ends their message, e.g. " per
    /// prompt") and verification rate, each error named by its field.
    /// </summary>
    public static IEnumerable<FieldError> CheckLimits(double threshold, int ttlSeconds, int maxEntries, double verificationRate, string entriesScope = "")
    {
        if (!IsThreshold(threshold))
            yield return new FieldError("threshold", ThresholdMessage);
        if (ttlSeconds is < ExactCacheSettings.MinTtlSeconds or > ExactCacheSettings.MaxTtlSeconds)
            yield return new FieldError("ttlSeconds", $"The time to live must be between {ExactCacheSettings.MinTtlSeconds} and {ExactCacheSettings.MaxTtlSeconds} seconds (30 days).");
        if (maxEntries is < 1 or > MaxMaxEntries)
            yield return new FieldError("maxEntries", $"At most between 1 and {MaxMaxEntries} entries{entriesScope}.");
        if (double.IsNaN(verificationRate) || verificationRate is < 0 or > 1)
            yield return new FieldError("verificationRate", "The verification rate is a share between 0 and 1.");
    }

    /// <summary>A similarity threshold: a number from <see cref="MinThreshold"/> to 1.</summary>
    public static bool IsThreshold(double value) => !double.IsNaN(value) && value >= MinThreshold && value <= 1;

    /// <summary>What an invalid threshold is told, wherever it was given.</summary>
    public static string ThresholdMessage { get; } = string.Create(CultureInfo.InvariantCulture, $"The threshold is a cosine similarity between {MinThreshold} and 1.");

    public TimeSpan Ttl => TimeSpan.FromSeconds(TtlSeconds);

    /// <summary>Value equality over the variables too (records compare dictionaries by reference).</summary>
    public bool Equals(SemanticCacheSettings? other) =>
        other is not null
        && Mode == other.Mode
        && Threshold.Equals(other.Threshold)
        && TtlSeconds == other.TtlSeconds
        && MaxEntries == other.MaxEntries
        && VerificationRate.Equals(other.VerificationRate)
        && Agreement == other.Agreement
        && Variables.Count == other.Variables.Count
        && Variables.All(v => other.Variables.TryGetValue(v.Key, out var o) && o == v.Value);

    public override int GetHashCode() => HashCode.Combine(Mode, Threshold, TtlSeconds, MaxEntries, VerificationRate, Agreement, Variables.Count);

    /// <summary>One line for the audit trail.</summary>
    public string Describe()
    {
        if (Mode == SemanticCacheMode.Off)
            return "Semantic cache off";
        var variables = Variables.Count == 0
            ? "declared policies"
            : string.Join(", ", Variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v =>
                v.Key + "=" + (v.Value.Policy?.ToString().ToLowerInvariant() ?? "default") + (v.Value.Threshold is { } t ? "@" + t.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty)));
        return string.Create(CultureInfo.InvariantCulture,
            $"Semantic cache {Mode.ToString().ToLowerInvariant()}, threshold {Threshold:0.###}, TTL {TtlSeconds} s, at most {MaxEntries} entries, verifying {VerificationRate:0.###}, agreement {Agreement.Method.ToString().ToLowerInvariant()} {Agreement.Threshold:0.###}; {variables}");
    }
}
