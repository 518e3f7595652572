namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One usage counter (table <c>UsageCounters</c>): what a scope (<c>key:{id}</c> or <c>tenant:{name}</c>) used in
/// one window (see <c>UsageWindows.KeyOf</c>). Written only by atomic upserts in raw SQL
/// (<c>Infrastructure/Limits/UsageCounterSql</c>); the entity exists for the schema and for reading.
/// Dollars are kept as whole nano-dollars (an execution can cost less than a micro-dollar) so that adding is exact on every provider.
/// </summary>
public sealed class UsageCounterRow
{
    public string Scope { get; set; } = string.Empty;

    public string Window { get; set; } = string.Empty;

    public long Requests { get; set; }

    public long Tokens { get; set; }

    public long CostNanoUsd { get; set; }

    /// <summary>Unix seconds after which the row may be pruned (a number compares the same on every provider).</summary>
    public long ExpiresAtUnixSeconds { get; set; }
}
