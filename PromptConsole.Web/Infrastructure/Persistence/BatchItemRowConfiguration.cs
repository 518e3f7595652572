using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Batches;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class BatchItemRowConfiguration : IEntityTypeConfiguration<BatchItemRow>
{
    public void Configure(EntityTypeBuilder<BatchItemRow> item)
    {
        item.ToTable("BatchItems");
        item.HasKey(i => i.Id);
        item.Property(i => i.Id).ValueGeneratedNever();
        item.Property(i => i.CustomId).HasMaxLength(BatchRules.MaxCustomIdLength);
        item.Property(i => i.Subject).HasMaxLength(256);
        item.Property(i => i.VariablesJson).IsRequired();
        item.Property(i => i.Status).HasMaxLength(16).IsRequired();
        item.Property(i => i.LeaseOwner).HasMaxLength(100);
        item.Property(i => i.ErrorType).HasMaxLength(100);
        item.Property(i => i.ErrorMessage).HasMaxLength(2000);
        item.Property(i => i.Model).HasMaxLength(200);
        item.Property(i => i.CostUsd).HasPrecision(18, 8);
        item.Ignore(i => i.StatusValue);

        // Deleting an expired job takes its items with it.
        item.HasOne<BatchJobRow>().WithMany().HasForeignKey(i => i.JobId).OnDelete(DeleteBehavior.Cascade);

        // Results are read in order; claims look for a job's pending items; counts group by status.
        item.HasIndex(i => new { i.JobId, i.Index }).IsUnique();
        item.HasIndex(i => new { i.JobId, i.Status });
    }
}
