using System.Text.Json;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// What a flag served to one request. <paramref name="Value"/> is the variant's JSON value;
/// <paramref name="Enabled"/> is FeatureManagement's verdict (on and targeted).
/// </summary>
public sealed record FlagDecision(string Key, string Variant, JsonElement Value, bool Enabled, FlagEvaluationReason Reason);

/// <summary>Evaluates flags for applications, through Microsoft.FeatureManagement.</summary>
public interface IFlagEvaluationService
{
    /// <summary>NotFound <c>flag-not-found</c> for an unknown key.</summary>
    Task<Result<FlagDecision>> EvaluateAsync(string key, RequestAttributes attributes, CancellationToken cancellationToken = default);
}
