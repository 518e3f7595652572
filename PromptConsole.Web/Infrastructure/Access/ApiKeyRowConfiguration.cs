using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Limits;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>Table <c>ApiKeys</c>; the prefix is unique because every call looks its key up by it.</summary>
internal sealed class ApiKeyRowConfiguration : IEntityTypeConfiguration<ApiKeyRow>
{
    public void Configure(EntityTypeBuilder<ApiKeyRow> key)
    {
        key.ToTable("ApiKeys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).ValueGeneratedNever();
        key.Property(k => k.Name).HasMaxLength(ApiKeyDraftValidator.MaxNameLength).IsRequired();
        key.Property(k => k.Prefix).HasMaxLength(ApiKeyToken.PrefixLength).IsRequired();
        key.Property(k => k.SecretHash).HasMaxLength(64).IsRequired();
        key.Property(k => k.Tenant).HasMaxLength(TenantName.MaxLength);
        key.Property(k => k.CreatedBy).HasMaxLength(256).IsRequired();
        key.Property(k => k.RevokedBy).HasMaxLength(256);
        key.Property(k => k.MonthlyBudgetUsd).HasPrecision(18, 6);
        key.HasIndex(k => k.Prefix).IsUnique();
    }
}
