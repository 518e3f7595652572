using Microsoft.FeatureManagement.FeatureFilters;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// One evaluation's request as FeatureManagement sees it. <see cref="UserId"/> is the value of the
/// flag's subject attribute (what the percentile allocation hashes), <see cref="Groups"/> the tenant;
/// <see cref="Attributes"/> is the whole request for <see cref="FlagTargetingFilter"/>, which writes
/// its verdict to <see cref="Targeted"/>. Use one instance per evaluation.
/// </summary>
public sealed class FlagEvaluationContext : ITargetingContext
{
    public FlagEvaluationContext(RequestAttributes attributes, string subjectAttribute)
    {
        Attributes = attributes;
        UserId = attributes.TryGet(subjectAttribute, out var subject) ? subject : null;
        Groups = attributes.TryGet(AttributeName.Tenant, out var tenant) ? [tenant] : [];
    }

    public string? UserId { get; set; }

    public IEnumerable<string> Groups { get; set; }

    public RequestAttributes Attributes { get; }

    /// <summary>Null until the targeting filter ran (it does not run for a flag that is off).</summary>
    public bool? Targeted { get; internal set; }
}
