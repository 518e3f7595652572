namespace PromptConsole.Web.Services.Caching;

/// <summary>What the console's cache page reads of the semantic cache's shadow results.</summary>
public interface ISemanticShadowResults
{
    /// <summary>The false-hit estimate per threshold of every prompt with observations, by prompt key.</summary>
    Task<IReadOnlyList<SemanticCacheEstimate>> EstimateAllAsync(CancellationToken cancellationToken);
}
