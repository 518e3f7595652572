using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Caching;

/// <summary>A requested variable override as it arrives: the policy by name (exact, semantic, ignore; null keeps the declaration's).</summary>
public sealed record SemanticVariableChange(string? Policy, double? Threshold);

/// <summary>
/// A requested change of a prompt's semantic cache as it arrives (names, not enums, so every mistake is reported with
/// its field). Missing values keep the current ones; <see cref="Variables"/>, when given, replaces every override.
/// </summary>
public sealed record SemanticCacheChange(
    string? Mode = null,
    double? Threshold = null,
    int? TtlSeconds = null,
    int? MaxEntries = null,
    double? VerificationRate = null,
    string? AgreementMethod = null,
    double? AgreementThreshold = null,
    IReadOnlyDictionary<string, SemanticVariableChange?>? Variables = null)
{
    /// <summary>
    /// Checks the change against the current settings and the variables the prompt declares (any version's, so an
    /// override may be set before the version that declares it is deployed). <paramref name="latest"/> is the newest
    /// version's declarations: switching the cache on needs at least one variable matched semantically there.
    /// </summary>
    public Result<SemanticCacheSettings> Apply(SemanticCacheSettings current, IReadOnlyCollection<string> declaredNames, IReadOnlyList<VariableDeclaration> latest)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(declaredNames);
        ArgumentNullException.ThrowIfNull(latest);
        var errors = new List<FieldError>();

        var mode = ModeAfter(Mode, current.Mode, HasAnySetting, errors);

        var threshold = Threshold ?? current.Threshold;
        var ttl = TtlSeconds ?? current.TtlSeconds;
        var maxEntries = MaxEntries ?? current.MaxEntries;
        var rate = VerificationRate ?? current.VerificationRate;
        errors.AddRange(SemanticCacheSettings.CheckLimits(threshold, ttl, maxEntries, rate, " per prompt"));

        var method = current.Agreement.Method;
        if (AgreementMethod is not null)
        {
            if (ParseMethod(AgreementMethod) is { } parsedMethod)
                method = parsedMethod;
            else
                errors.Add(new FieldError("agreement.method", $"'{AgreementMethod}' is not an agreement method: exact or embedding."));
        }

        var agreementThreshold = AgreementThreshold ?? current.Agreement.Threshold;
        if (double.IsNaN(agreementThreshold) || agreementThreshold is <= 0 or > 1)
            errors.Add(new FieldError("agreement.threshold", "The agreement threshold is a cosine similarity above 0 and at most 1."));

        var variables = current.Variables;
        if (Variables is not null)
        {
            var known = new HashSet<string>(declaredNames, StringComparer.Ordinal);
            var overrides = new Dictionary<string, SemanticVariableSetting>(StringComparer.Ordinal);
            foreach (var (name, change) in Variables)
            {
                var field = "variables." + name;
                if (!known.Contains(name))
                {
                    errors.Add(new FieldError(field, $"The prompt declares no variable '{name}'."));
                    continue;
                }

                if (change is null || (change.Policy is null && change.Threshold is null))
                    continue;
                CachePolicy? policy = null;
                if (change.Policy is not null)
                {
                    policy = ParsePolicy(change.Policy);
                    if (policy is null)
                    {
                        errors.Add(new FieldError(field + ".policy", $"'{change.Policy}' is not a cache policy: exact, semantic or ignore."));
                        continue;
                    }
                }

                if (change.Threshold is { } variableThreshold)
                {
                    var effective = policy ?? latest.FirstOrDefault(d => d.Name == name)?.EffectiveCachePolicy ?? CachePolicy.Exact;
                    if (!SemanticCacheSettings.IsThreshold(variableThreshold))
                        errors.Add(new FieldError(field + ".threshold", SemanticCacheSettings.ThresholdMessage));
                    else if (effective != CachePolicy.Semantic)
                        errors.Add(new FieldError(field + ".threshold", "Only a variable matched semantically has a threshold."));
                }

                overrides[name] = new SemanticVariableSetting(policy, change.Threshold);
            }

            variables = overrides;
        }

        if (errors.Count > 0)
            return Error.Validation("invalid-semantic-cache-settings", "The semantic cache settings are not valid.", errors);

        var settings = new SemanticCacheSettings(mode, threshold, ttl, maxEntries, rate, new AnswerAgreement(method, agreementThreshold), variables);
        if (settings.Enabled && SemanticVariablePolicies.Resolve(latest, settings).All(p => p.Policy != CachePolicy.Semantic))
        {
            return Error.Validation("invalid-semantic-cache-settings", "The semantic cache settings are not valid.",
                [new FieldError("variables", "No variable of the latest version is matched semantically: declare a text variable or set one's policy to semantic.")]);
        }

        return settings;
    }

    private bool HasAnySetting =>
        Threshold is not null || TtlSeconds is not null || MaxEntries is not null || VerificationRate is not null
        || AgreementMethod is not null || AgreementThreshold is not null || Variables is not null;

    /// <summary>
    /// The mode a change leaves a semantic cache in: the one named, else the current one, except that configuring a cache
    /// that is off without naming a mode (<paramref name="configuresAnything"/>) switches it on the safe way, in shadow.
    /// An unknown name is added to <paramref name="errors"/>.
    /// </summary>
    public static SemanticCacheMode ModeAfter(string? requested, SemanticCacheMode current, bool configuresAnything, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (requested is null)
            return current == SemanticCacheMode.Off && configuresAnything ? SemanticCacheMode.Shadow : current;
        if (ParseMode(requested) is { } parsed)
            return parsed;
        errors.Add(new FieldError("mode", $"'{requested}' is not a mode: off, shadow or serve."));
        return current;
    }

    public static SemanticCacheMode? ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "off" => SemanticCacheMode.Off,
        "shadow" => SemanticCacheMode.Shadow,
        "serve" => SemanticCacheMode.Serve,
        _ => null,
    };

    public static AnswerAgreementMethod? ParseMethod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "exact" => AnswerAgreementMethod.Exact,
        "embedding" => AnswerAgreementMethod.Embedding,
        _ => null,
    };

    public static CachePolicy? ParsePolicy(string text) => text.Trim().ToLowerInvariant() switch
    {
        "exact" => CachePolicy.Exact,
        "semantic" => CachePolicy.Semantic,
        "ignore" => CachePolicy.Ignore,
        _ => null,
    };

    public static string NameOf(SemanticCacheMode mode) => mode.ToString().ToLowerInvariant();

    public static string NameOf(AnswerAgreementMethod method) => method.ToString().ToLowerInvariant();

    public static string NameOf(CachePolicy policy) => policy.ToString().ToLowerInvariant();
}
