using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Caching;

/// <summary>Where a variable's effective policy comes from (shown next to it, so a default is told from a choice).</summary>
public enum PolicySource
{
    /// <summary>Implied by the declared type: free text semantic, everything else exact.</summary>
    Type,

    /// <summary>Set on the version's declaration.</summary>
    Declaration,

    /// <summary>Set in the prompt's semantic cache settings.</summary>
    Override,
}

/// <summary>One declared variable's effective cache policy and, when semantic, its threshold.</summary>
public sealed record VariableCachePolicy(string Name, CachePolicy Policy, double Threshold, PolicySource Source, VariableType Type);

/// <summary>
/// Resolves each declared variable's cache policy: the settings' override, else the declaration's own policy, else the
/// type's default (free text semantic; numbers, enums, dates, ids, JSON, code and short strings exact). A semantic
/// variable's threshold is its override, else its declaration's, else the prompt's.
/// </summary>
public static class SemanticVariablePolicies
{
    public static IReadOnlyList<VariableCachePolicy> Resolve(IReadOnlyList<VariableDeclaration> declarations, SemanticCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        ArgumentNullException.ThrowIfNull(settings);
        var resolved = new VariableCachePolicy[declarations.Count];
        for (var i = 0; i < declarations.Count; i++)
        {
            var declaration = declarations[i];
            settings.Variables.TryGetValue(declaration.Name, out var setting);
            var (policy, source) = setting?.Policy is { } chosen ? (chosen, PolicySource.Override)
                : declaration.Cache is { } declared ? (declared, PolicySource.Declaration)
                : (TypeDefault(declaration.Type), PolicySource.Type);
            var threshold = setting?.Threshold ?? declaration.SemanticThreshold ?? settings.Threshold;
            resolved[i] = new VariableCachePolicy(declaration.Name, policy, threshold, source, declaration.Type);
        }

        return resolved;
    }

    /// <summary>Only free text may be matched by meaning; a changed number, date, id or code is a different request.</summary>
    public static CachePolicy TypeDefault(VariableType type) => type == VariableType.Text ? CachePolicy.Semantic : CachePolicy.Exact;
}
