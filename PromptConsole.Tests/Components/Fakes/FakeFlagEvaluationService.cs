using System.Text.Json;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Evaluates the registry's stored flag with the domain's reference evaluator and records each request.</summary>
public sealed class FakeFlagEvaluationService(InMemoryFlagRegistry registry) : IFlagEvaluationService
{
    public List<(string Key, RequestAttributes Attributes)> Requests { get; } = [];

    public Task<Result<FlagDecision>> EvaluateAsync(string key, RequestAttributes attributes, CancellationToken cancellationToken = default)
    {
        Requests.Add((key, attributes));
        if (registry.Find(key) is not { } record)
            return Task.FromResult<Result<FlagDecision>>(Error.NotFound("flag-not-found", $"There is no flag '{key}'."));

        var served = FlagEvaluator.Evaluate(record.Flag, attributes);
        using var value = JsonDocument.Parse(served.Value);
        var enabled = served.Reason is not (FlagEvaluationReason.Disabled or FlagEvaluationReason.TargetingMiss);
        return Task.FromResult<Result<FlagDecision>>(new FlagDecision(key, served.Variant, value.RootElement.Clone(), enabled, served.Reason));
    }
}
