using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Infrastructure.Persistence;

public sealed class TenantRollupRowConfiguration : IEntityTypeConfiguration<TenantRollupRow>
{
    public void Configure(EntityTypeBuilder<TenantRollupRow> rollup)
    {
        rollup.ToTable("TenantRollups");
        rollup.HasKey(r => r.Id);
        rollup.Property(r => r.InstanceId).HasMaxLength(100).IsRequired();
        rollup.Property(r => r.Tier).HasMaxLength(16).IsRequired();
        // Tenants are stored as given (account names chosen by operators, not personal data).
        rollup.Property(r => r.Tenant).HasMaxLength(ExecutionRecord.MaxTenantLength).IsRequired();
        rollup.Property(r => r.CostUsd).HasPrecision(18, 8);

        // One row per instance, tenant and bucket: the instance rewrites it while the bucket is open.
        rollup.HasIndex(r => new { r.Tier, r.BucketStart, r.InstanceId, r.Tenant }).IsUnique();
    }
}
