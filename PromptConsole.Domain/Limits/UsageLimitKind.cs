namespace PromptConsole.Domain.Limits;

/// <summary>The three kinds of limit; each is counted in its own window.</summary>
public enum UsageLimitKind
{
    RequestsPerSecond,
    TokensPerMinute,
    MonthlyBudget,
}

/// <summary>Whose limit: the calling API key's own, or its tenant's (shared by every key of the tenant).</summary>
public enum UsageScopeKind
{
    Key,
    Tenant,
}

/// <summary>The API names of limits, e.g. <c>key.requestsPerSecond</c>, <c>tenant.monthlyBudget</c>.</summary>
public static class UsageLimitNames
{
    public static string Of(UsageScopeKind scope, UsageLimitKind kind) => ScopeName(scope) + "." + KindName(kind);

    public static string ScopeName(UsageScopeKind scope) => scope == UsageScopeKind.Key ? "key" : "tenant";

    public static string KindName(UsageLimitKind kind) => kind switch
    {
        UsageLimitKind.RequestsPerSecond => "requestsPerSecond",
        UsageLimitKind.TokensPerMinute => "tokensPerMinute",
        _ => "monthlyBudget",
    };

    /// <summary>Every name, for metrics labels (a fixed, small set).</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. from scope in Enum.GetValues<UsageScopeKind>() from kind in Enum.GetValues<UsageLimitKind>() select Of(scope, kind)];
}
