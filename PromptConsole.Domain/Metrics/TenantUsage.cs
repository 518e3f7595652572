using PromptConsole.Domain.Execution;

namespace PromptConsole.Domain.Metrics;

/// <summary>
/// What one tenant used in some span of time: executions, failures (output rejected or provider
/// failed, as <see cref="ExecutionStats.ErrorRate"/> counts them), tokens and cost. Immutable, so
/// rollups of several instances add up without sharing state.
/// </summary>
public sealed record TenantUsage(long Executions, long Errors, long InputTokens, long OutputTokens, decimal CostUsd)
{
    /// <summary>The name requests without a tenant are reported under.</summary>
    public const string NoTenant = "(none)";

    /// <summary>
    /// The name tenants past the cap are folded into (in the store's rollups per bucket), so a flood of
    /// made-up tenant names cannot grow memory and the database without bound.
    /// </summary>
    public const string OtherTenants = "(other)";

    public static TenantUsage None { get; } = new(0, 0, 0, 0, 0m);

    public long Tokens => InputTokens + OutputTokens;

    public bool IsEmpty => Executions == 0 && Tokens == 0 && CostUsd == 0m;

    public static bool IsError(ExecutionOutcome outcome) => outcome is ExecutionOutcome.OutputRejected or ExecutionOutcome.ProviderFailed;

    public TenantUsage Plus(ExecutionObservation observation) => new(
        Executions + 1,
        Errors + (IsError(observation.Outcome) ? 1 : 0),
        InputTokens + observation.InputTokens,
        OutputTokens + observation.OutputTokens,
        CostUsd + observation.CostUsd);

    public TenantUsage Plus(TenantUsage other) => new(
        Executions + other.Executions,
        Errors + other.Errors,
        InputTokens + other.InputTokens,
        OutputTokens + other.OutputTokens,
        CostUsd + other.CostUsd);

    /// <summary>The reporting name of a tenant as recorded (null or blank is <see cref="NoTenant"/>).</summary>
    public static string NameOf(string? tenant) => string.IsNullOrWhiteSpace(tenant) ? NoTenant : tenant;
}

/// <summary>One tenant's line of a usage report; <paramref name="CostShare"/> is null when nothing cost anything.</summary>
public sealed record TenantUsageLine(string Tenant, TenantUsage Usage, double? CostShare)
{
    public double? ErrorRate => Usage.Executions == 0 ? null : (double)Usage.Errors / Usage.Executions;
}

public static class TenantUsageReport
{
    /// <summary>
    /// The tenants' lines, most expensive first (then most executions, then by name, so the order
    /// is stable), each with its share of the total cost. Tenants that used nothing are left out.
    /// </summary>
    public static IReadOnlyList<TenantUsageLine> Rank(IReadOnlyDictionary<string, TenantUsage> byTenant)
    {
        ArgumentNullException.ThrowIfNull(byTenant);
        var totalCost = byTenant.Values.Sum(u => u.CostUsd);
        return byTenant
            .Where(t => !t.Value.IsEmpty)
            .Select(t => new TenantUsageLine(t.Key, t.Value, totalCost > 0m ? (double)(t.Value.CostUsd / totalCost) : null))
            .OrderByDescending(l => l.Usage.CostUsd)
            .ThenByDescending(l => l.Usage.Executions)
            .ThenBy(l => l.Tenant, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The sum of every tenant's usage.</summary>
    public static TenantUsage Total(IEnumerable<TenantUsage> usages) => usages.Aggregate(TenantUsage.None, (sum, u) => sum.Plus(u));
}
