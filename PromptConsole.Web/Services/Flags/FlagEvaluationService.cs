using System.Text.Json;
using Microsoft.FeatureManagement;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// Asks <see cref="IVariantFeatureManager"/> for the variant (enabled state, targeting filter and sticky
/// percentile allocation are all FeatureManagement's) and explains it:
/// <list type="bullet">
/// <item><c>disabled</c>: the flag is off, the default variant.</item>
/// <item><c>targeting-miss</c>: on, but the request failed the targeting filter; the default variant.</item>
/// <item><c>rollout</c>: a rollout slice placed the subject in a variant other than the default.</item>
/// <item><c>default</c>: on and targeted, and the subject got the default variant (no slice held it, or
/// a slice names the default; FeatureManagement does not say which).</item>
/// </list>
/// FeatureManagement hashes <c>"{subject}\n{flag key}"</c> with SHA-256 for the percentile, so a subject's
/// variant is stable across restarts and instances; requests without the subject attribute all hash
/// the empty subject and so share one position.
/// </summary>
public sealed class FlagEvaluationService(FlagDefinitionCache cache, IVariantFeatureManager features) : IFlagEvaluationService
{
    public async Task<Result<FlagDecision>> EvaluateAsync(string key, RequestAttributes attributes, CancellationToken cancellationToken = default)
    {
        var flag = await cache.FindAsync(key, cancellationToken);
        if (flag is null)
            return FlagRegistry.FlagNotFound(key);

        var context = new FlagEvaluationContext(attributes, flag.Flag.SubjectAttribute);
        var variant = await features.GetVariantAsync(key, context, cancellationToken);

        // Deleted between the lookup above and FeatureManagement's own.
        if (variant is null)
            return FlagRegistry.FlagNotFound(key);

        var enabled = flag.Flag.Enabled && context.Targeted == true;

        // FeatureManagement buckets a request without a subject as if its id were empty, so every such
        // request would land in the same slice. A partial rollout is a decision about subjects: without
        // one the request gets the default, as the domain's evaluator (and GrowthBook) do.
        if (enabled && !attributes.TryGet(flag.Flag.SubjectAttribute, out _) && !CoversEveryone(flag.Flag))
            return new FlagDecision(key, flag.Flag.DefaultVariant, ValueOf(flag, flag.Flag.DefaultVariant, variant), enabled, FlagEvaluationReason.Default);

        var reason = !flag.Flag.Enabled ? FlagEvaluationReason.Disabled
            : context.Targeted != true ? FlagEvaluationReason.TargetingMiss
            : variant.Name != flag.Flag.DefaultVariant ? FlagEvaluationReason.Rollout
            : FlagEvaluationReason.Default;
        return new FlagDecision(key, variant.Name, ValueOf(flag, variant.Name, variant), enabled, reason);
    }

    /// <summary>One slice from 0 to 100 %: every request gets that variant, subject or not.</summary>
    private static bool CoversEveryone(FeatureFlag flag) =>
        flag.Rollout.Count == 0 || flag.Rollout.Any(slice => slice.From <= 0 && slice.To >= 100);

    private static JsonElement ValueOf(CachedFlag flag, string variantName, Variant variant)
    {
        if (flag.Values.TryGetValue(variantName, out var value))
            return value;

        // The definition changed between the two lookups: take the value FeatureManagement served.
        using var document = JsonDocument.Parse(variant.Configuration?.Value ?? "null");
        return document.RootElement.Clone();
    }
}
