namespace PromptConsole.Domain.Access;

/// <summary>What an API key may call: the execution endpoints, flag evaluation, or the management API.</summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,
    Execute = 1,
    Evaluate = 2,
    Manage = 4,
}

/// <summary>Scope names as the API and the claims spell them.</summary>
public static class ApiKeyScopeNames
{
    public const string Execute = "execute";
    public const string Evaluate = "evaluate";
    public const string Manage = "manage";

    public static IReadOnlyList<string> All { get; } = [Execute, Evaluate, Manage];

    public static IReadOnlyList<string> Names(ApiKeyScopes scopes)
    {
        var names = new List<string>(3);
        if (scopes.HasFlag(ApiKeyScopes.Execute))
            names.Add(Execute);
        if (scopes.HasFlag(ApiKeyScopes.Evaluate))
            names.Add(Evaluate);
        if (scopes.HasFlag(ApiKeyScopes.Manage))
            names.Add(Manage);
        return names;
    }

    public static ApiKeyScopes? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Execute => ApiKeyScopes.Execute,
        Evaluate => ApiKeyScopes.Evaluate,
        Manage => ApiKeyScopes.Manage,
        _ => null,
    };
}
