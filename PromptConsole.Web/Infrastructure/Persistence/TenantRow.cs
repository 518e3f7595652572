using PromptConsole.Domain.Limits;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>A tenant (table <c>Tenants</c>): its name and the limits shared by all its API keys.</summary>
public sealed class TenantRow
{
    private TenantRow()
    {
        Name = string.Empty;
    }

    public TenantRow(string name, UsageLimits limits, DateTimeOffset now)
        : this()
    {
        Name = name;
        CreatedAt = now;
        Apply(limits, now);
    }

    public string Name { get; private set; }

    public int? RequestsPerSecond { get; private set; }

    public int? TokensPerMinute { get; private set; }

    public decimal? MonthlyBudgetUsd { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public UsageLimits Limits => new(RequestsPerSecond, TokensPerMinute, MonthlyBudgetUsd);

    public void Apply(UsageLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        RequestsPerSecond = limits.RequestsPerSecond;
        TokensPerMinute = limits.TokensPerMinute;
        MonthlyBudgetUsd = limits.MonthlyBudgetUsd;
        UpdatedAt = now;
    }
}
