namespace PromptConsole.Domain.Limits;

/// <summary>What one scope (a key or a tenant) has used in the current windows.</summary>
/// <param name="RequestsThisSecond">Requests admitted in this second, counting the one being decided.</param>
/// <param name="TokensThisMinute">Tokens recorded in this minute (known only after each execution).</param>
/// <param name="CostThisMonthUsd">Dollars recorded in this calendar month.</param>
public readonly record struct UsageCounts(long RequestsThisSecond, long TokensThisMinute, decimal CostThisMonthUsd)
{
    public static UsageCounts Zero => default;
}

/// <summary>A limit that refuses the request: whose, which, its value, and when to come back.</summary>
public sealed record ExceededLimit(UsageScopeKind Scope, UsageLimitKind Kind, decimal Limit, int RetryAfterSeconds)
{
    /// <summary>e.g. <c>key.requestsPerSecond</c>, <c>tenant.monthlyBudget</c>.</summary>
    public string Name => UsageLimitNames.Of(Scope, Kind);

    public bool IsBudget => Kind == UsageLimitKind.MonthlyBudget;
}

/// <summary>
/// Which limit, if any, refuses a request given the counters. Requests per second count the request being
/// decided, so the limit is exceeded above it; tokens and dollars are known only after an execution, so a request is
/// refused once what was recorded already reached the limit. The month is checked first (it lasts longest, and its
/// Retry-After is the one that matters), then the minute, then the second; the key before its tenant.
/// </summary>
public static class UsageDecision
{
    private static readonly UsageLimitKind[] Order = [UsageLimitKind.MonthlyBudget, UsageLimitKind.TokensPerMinute, UsageLimitKind.RequestsPerSecond];

    public static ExceededLimit? FirstExceeded(UsageLimits key, UsageCounts keyUsage, UsageLimits tenant, UsageCounts tenantUsage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tenant);
        foreach (var kind in Order)
        {
            if (Exceeded(key, keyUsage, kind) is { } keyLimit)
                return new ExceededLimit(UsageScopeKind.Key, kind, keyLimit, RetryAfterSeconds(kind, now));
            if (Exceeded(tenant, tenantUsage, kind) is { } tenantLimit)
                return new ExceededLimit(UsageScopeKind.Tenant, kind, tenantLimit, RetryAfterSeconds(kind, now));
        }

        return null;
    }

    /// <summary>The limit's value when <paramref name="usage"/> exceeds it, else null.</summary>
    public static decimal? Exceeded(UsageLimits limits, UsageCounts usage, UsageLimitKind kind)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return kind switch
        {
            UsageLimitKind.RequestsPerSecond when limits.RequestsPerSecond is { } rps && usage.RequestsThisSecond > rps => rps,
            UsageLimitKind.TokensPerMinute when limits.TokensPerMinute is { } tpm && usage.TokensThisMinute >= tpm => tpm,
            UsageLimitKind.MonthlyBudget when limits.MonthlyBudgetUsd is { } budget && usage.CostThisMonthUsd >= budget => budget,
            _ => null,
        };
    }

    /// <summary>Seconds until the limit's window rolls over, at least 1.</summary>
    public static int RetryAfterSeconds(UsageLimitKind kind, DateTimeOffset now) =>
        UsageWindows.SecondsUntilNext(UsageWindows.WindowOf(kind), now);
}
