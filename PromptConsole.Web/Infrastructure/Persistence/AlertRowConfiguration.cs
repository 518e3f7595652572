using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Alerts;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class AlertRowConfiguration : IEntityTypeConfiguration<AlertRow>
{
    public void Configure(EntityTypeBuilder<AlertRow> alert)
    {
        alert.ToTable("Alerts");
        alert.HasKey(a => a.Id);
        alert.Property(a => a.Id).ValueGeneratedNever();
        alert.Property(a => a.Name).HasMaxLength(AlertRuleValidator.MaxNameLength).IsRequired();
        alert.Property(a => a.PromptKey).HasMaxLength(PromptKey.MaxLength);
        alert.Property(a => a.Severity).HasMaxLength(16).IsRequired();
        alert.Property(a => a.Status).HasMaxLength(16).IsRequired();
        alert.Property(a => a.Summary).IsRequired();
        alert.Property(a => a.AcknowledgedBy).HasMaxLength(200);
        alert.PrimitiveCollection(a => a.ActionsTaken).IsRequired();
        alert.Property(a => a.Revision).IsConcurrencyToken();
        alert.Ignore(a => a.StatusValue);

        // The evaluation reads each rule's open alert; the history lists newest first, by prompt or status.
        alert.HasIndex(a => new { a.RuleId, a.Status });
        alert.HasIndex(a => a.StartedAt);
        alert.HasIndex(a => new { a.PromptKey, a.StartedAt });
        alert.HasIndex(a => new { a.Status, a.StartedAt });
    }
}
