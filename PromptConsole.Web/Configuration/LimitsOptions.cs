using System.ComponentModel.DataAnnotations;

namespace PromptConsole.Web.Configuration;

/// <summary><c>PromptConsole:Limits</c>: how per-key and per-tenant limits are counted.</summary>
public sealed class LimitsOptions
{
    public const string Section = "PromptConsole:Limits";

    /// <summary>Prefix of the counters' Redis keys; instances sharing limits must share it.</summary>
    [Required]
    public string RedisKeyPrefix { get; set; } = "promptconsole:usage:";

    /// <summary>How often this instance writes the month's spend and requests it added to the database (the durable budget counters).</summary>
    [Range(10, 60_000)]
    public int BudgetFlushMilliseconds { get; set; } = 1_000;

    /// <summary>How long a month's spend read from the database is reused before it is read again (other instances' spend shows up after this).</summary>
    [Range(0, 60_000)]
    public int BudgetReadCacheMilliseconds { get; set; } = 1_000;

    /// <summary>How often expired counters are deleted from the database.</summary>
    [Range(1, 3_600)]
    public int PruneIntervalSeconds { get; set; } = 60;

    /// <summary>The tenants' limits are read again after this long even if no change was heard (the last resort).</summary>
    [Range(1, 86_400)]
    public int TenantCacheSeconds { get; set; } = 60;

    public TimeSpan BudgetFlushInterval => TimeSpan.FromMilliseconds(BudgetFlushMilliseconds);

    public TimeSpan BudgetReadCache => TimeSpan.FromMilliseconds(BudgetReadCacheMilliseconds);

    public TimeSpan PruneInterval => TimeSpan.FromSeconds(PruneIntervalSeconds);

    public TimeSpan TenantCache => TimeSpan.FromSeconds(TenantCacheSeconds);
}
