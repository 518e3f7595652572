using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Limits;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>Tables <c>Tenants</c> and <c>UsageCounters</c> (limits and budgets).</summary>
internal static class LimitsConfiguration
{
    public const int MaxScopeLength = 200;
    public const int MaxWindowLength = 32;

    public static void Configure(ModelBuilder modelBuilder)
    {
        var tenant = modelBuilder.Entity<TenantRow>();
        tenant.ToTable("Tenants");
        tenant.HasKey(t => t.Name);
        tenant.Property(t => t.Name).HasMaxLength(TenantName.MaxLength);
        tenant.Property(t => t.MonthlyBudgetUsd).HasPrecision(18, 6);
        tenant.Ignore(t => t.Limits);

        var counter = modelBuilder.Entity<UsageCounterRow>();
        counter.ToTable("UsageCounters");
        counter.HasKey(c => new { c.Scope, c.Window });
        counter.Property(c => c.Scope).HasMaxLength(MaxScopeLength);
        counter.Property(c => c.Window).HasMaxLength(MaxWindowLength);

        // The pruning loop deletes by expiry.
        counter.HasIndex(c => c.ExpiresAtUnixSeconds);
    }
}
