using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class AutomaticRollbackRowConfiguration : IEntityTypeConfiguration<AutomaticRollbackRow>
{
    public void Configure(EntityTypeBuilder<AutomaticRollbackRow> rollback)
    {
        rollback.ToTable("AutomaticRollbacks");
        rollback.HasKey(r => r.Id);
        rollback.Property(r => r.Id).ValueGeneratedNever();
        rollback.Property(r => r.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        rollback.Property(r => r.Label).HasMaxLength(LabelName.MaxLength).IsRequired();
        rollback.Property(r => r.Trigger).HasMaxLength(200).IsRequired();
        rollback.Property(r => r.Reason).IsRequired();

        // The snapshots are always read whole with their rollback, never queried: one JSON text column each.
        rollback.Property(r => r.AtRollback)
            .HasConversion(JsonColumn<RollbackMetricsSnapshot>.Converter, JsonColumn<RollbackMetricsSnapshot>.Comparer)
            .IsRequired();
        rollback.Property(r => r.AfterRollback)
            .HasConversion(JsonColumn<RollbackMetricsSnapshot>.Converter!, JsonColumn<RollbackMetricsSnapshot>.Comparer!);
        rollback.Property(r => r.Recovery).HasMaxLength(16).IsRequired().IsConcurrencyToken();

        // The safeguards read a prompt's rollbacks of the last day; the watcher reads the open watches.
        rollback.HasIndex(r => new { r.PromptKey, r.At });
        rollback.HasIndex(r => new { r.Recovery, r.At });
    }
}
