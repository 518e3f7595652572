using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class SemanticCacheObservationRowConfiguration : IEntityTypeConfiguration<SemanticCacheObservationRow>
{
    public void Configure(EntityTypeBuilder<SemanticCacheObservationRow> observation)
    {
        observation.ToTable("semantic_cache_observations");
        observation.HasKey(o => o.Id);
        observation.Property(o => o.Id).ValueGeneratedNever();
        observation.Property(o => o.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        observation.Property(o => o.Tenant).HasMaxLength(PromptConsole.Domain.Execution.ExecutionRecord.MaxTenantLength);
        observation.Property(o => o.Kind).HasMaxLength(24).IsRequired();
        observation.Property(o => o.MarkedWrongBy).HasMaxLength(256);
        observation.Ignore(o => o.IsFalseHit);

        // The estimate reads one prompt (optionally one version); feedback finds an execution's served hit.
        observation.HasIndex(o => new { o.PromptKey, o.PromptVersion });
        observation.HasIndex(o => o.ExecutionId);
    }
}
