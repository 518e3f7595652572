using PromptConsole.Domain.Caching;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>The cache page's shadow results in memory: samples per prompt that a test sets, estimated by the real rule.</summary>
public sealed class FakeSemanticShadowResults : ISemanticShadowResults
{
    public Dictionary<string, List<SemanticSample>> Samples { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw conversations' samples per model, listed after the whole (<c>_chat</c> in <see cref="Samples"/>) as the real reader does.</summary>
    public Dictionary<string, List<SemanticSample>> ConversationSamplesByModel { get; } = new(StringComparer.Ordinal);

    public Exception? Failure { get; set; }

    public Task<IReadOnlyList<SemanticCacheEstimate>> EstimateAllAsync(CancellationToken cancellationToken)
    {
        if (Failure is not null)
            return Task.FromException<IReadOnlyList<SemanticCacheEstimate>>(Failure);
        IReadOnlyList<SemanticCacheEstimate> estimates = Samples
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Key == ChatCompletionGateway.RecordKey
                ? ConversationSamplesByModel.OrderBy(m => m.Key, StringComparer.Ordinal)
                    .Select(m => new SemanticCacheEstimate(p.Key, null, FalseHitEstimate.Compute(m.Value)) { Model = m.Key })
                    .Prepend(new SemanticCacheEstimate(p.Key, null, FalseHitEstimate.Compute(p.Value)))
                : [new SemanticCacheEstimate(p.Key, null, FalseHitEstimate.Compute(p.Value))])
            .ToArray();
        return Task.FromResult(estimates);
    }
}
