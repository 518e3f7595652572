using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// The enabled-for filter of every flag: the request passes when it meets all of the flag's targeting
/// conditions (an empty list targets everyone). The conditions come compiled from the definition cache
/// by feature name rather than from the filter parameters, so regexes and sets are built once per load.
/// Contextual on <see cref="ITargetingContext"/> because that is the context type
/// <c>IVariantFeatureManager.GetVariantAsync</c> evaluates filters with; anything richer than user and
/// groups comes from <see cref="FlagEvaluationContext"/>.
/// </summary>
[FilterAlias(Alias)]
public sealed class FlagTargetingFilter(FlagDefinitionCache cache) : IContextualFeatureFilter<ITargetingContext>
{
    public const string Alias = "PromptConsole.Targeting";

    public async Task<bool> EvaluateAsync(FeatureFilterEvaluationContext featureFilterContext, ITargetingContext appContext)
    {
        ArgumentNullException.ThrowIfNull(featureFilterContext);
        var flag = await cache.FindAsync(featureFilterContext.FeatureName, featureFilterContext.CancellationToken);
        var attributes = appContext is FlagEvaluationContext rich
            ? rich.Attributes
            : new RequestAttributes(appContext?.UserId, appContext?.Groups?.FirstOrDefault());
        var targeted = flag?.Targeting?.Matches(attributes) ?? false;
        if (appContext is FlagEvaluationContext context)
            context.Targeted = targeted;
        return targeted;
    }
}
