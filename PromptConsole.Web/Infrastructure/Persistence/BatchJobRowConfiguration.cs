using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class BatchJobRowConfiguration : IEntityTypeConfiguration<BatchJobRow>
{
    public void Configure(EntityTypeBuilder<BatchJobRow> job)
    {
        job.ToTable("BatchJobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Id).ValueGeneratedNever();
        job.Property(j => j.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        job.Property(j => j.Label).HasMaxLength(LabelName.MaxLength);
        job.Property(j => j.Mode).HasMaxLength(20).IsRequired();
        job.Property(j => j.Status).HasMaxLength(16).IsRequired();
        job.Property(j => j.Model).HasMaxLength(200).IsRequired();
        job.Property(j => j.Provider).HasMaxLength(200).IsRequired();
        job.Property(j => j.CreatedBy).HasMaxLength(256).IsRequired();
        job.Property(j => j.Tenant).HasMaxLength(ExecutionRecord.MaxTenantLength);
        job.Property(j => j.Error).HasMaxLength(2000);
        job.Property(j => j.LeaseOwner).HasMaxLength(100);
        job.Property(j => j.ProviderBatchId).HasMaxLength(200);
        job.Property(j => j.ProviderInputFileId).HasMaxLength(200);
        job.Property(j => j.ProviderStatus).HasMaxLength(40);
        job.Ignore(j => j.StatusValue);
        job.Ignore(j => j.ModeValue);

        // The runner looks for active jobs; the list filters by prompt and status, newest first; the sweep by expiry.
        job.HasIndex(j => new { j.Status, j.CreatedAt });
        job.HasIndex(j => new { j.PromptKey, j.CreatedAt });
        job.HasIndex(j => j.ExpiresAt);
    }
}
