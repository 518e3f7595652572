using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Services.Caching;

/// <summary>A prompt's semantic cache settings, every declared variable's effective policy and this instance's figures.</summary>
public sealed record SemanticCacheState(string PromptKey, SemanticCacheSettings Settings, IReadOnlyList<VariableCachePolicy> Variables, SemanticCacheFigures? Figures)
{
    /// <summary>Each variable's policy without the prompt's overrides (its declaration's, else its type's).</summary>
    public IReadOnlyList<VariableCachePolicy> Defaults { get; init; } = Variables;
}

/// <summary>What the console and the API do with a prompt's semantic cache.</summary>
public interface ISemanticCacheConsole
{
    Task<Result<SemanticCacheState>> GetAsync(string key, CancellationToken cancellationToken);

    Task<Result<SemanticCacheState>> ConfigureAsync(string key, SemanticCacheChange change, string actor, CancellationToken cancellationToken);

    /// <summary>Every prompt's semantic figures in this process (for the cache page).</summary>
    IReadOnlyList<SemanticCacheFigures> Figures();
}

/// <summary>
/// Reads and changes a prompt's semantic cache settings through the prompt registry (validated by the domain, audited,
/// and every instance's snapshot follows the change like any other prompt change).
/// </summary>
public sealed class SemanticCacheAdministration(IPromptRegistry registry, SemanticResponseCache cache, SemanticCacheStatistics statistics) : ISemanticCacheConsole
{
    public async Task<Result<SemanticCacheState>> GetAsync(string key, CancellationToken cancellationToken)
    {
        var prompt = await registry.GetAsync(key, cancellationToken);
        return prompt.IsSuccess ? StateOf(prompt.Value, prompt.Value.SemanticCache) : prompt.Error!;
    }

    public async Task<Result<SemanticCacheState>> ConfigureAsync(string key, SemanticCacheChange change, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var saved = await registry.ConfigureSemanticCacheAsync(key, change, actor, cancellationToken);
        if (!saved.IsSuccess)
            return saved.Error!;
        var prompt = await registry.GetAsync(key, cancellationToken);
        return prompt.IsSuccess ? StateOf(prompt.Value, saved.Value) : prompt.Error!;
    }

    public IReadOnlyList<SemanticCacheFigures> Figures() => statistics.Snapshot(cache.SizeOf);

    /// <summary>
    /// Every variable any version declares, as its newest declaration has it, with its effective policy under
    /// <paramref name="settings"/> (an override, the declaration's own policy, or the type's default).
    /// </summary>
    public static IReadOnlyList<VariableCachePolicy> PoliciesOf(Prompt prompt, SemanticCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var declarations = prompt.Versions
            .OrderByDescending(v => v.Number)
            .SelectMany(v => v.Variables)
            .DistinctBy(d => d.Name, StringComparer.Ordinal)
            .ToArray();
        return SemanticVariablePolicies.Resolve(declarations, settings);
    }

    private SemanticCacheState StateOf(Prompt prompt, SemanticCacheSettings settings) =>
        new(prompt.Key, settings, PoliciesOf(prompt, settings), statistics.Snapshot(cache.SizeOf).FirstOrDefault(f => f.PromptKey == prompt.Key))
        {
            Defaults = PoliciesOf(prompt, settings with { Variables = new Dictionary<string, SemanticVariableSetting>(StringComparer.Ordinal) }),
        };
}
