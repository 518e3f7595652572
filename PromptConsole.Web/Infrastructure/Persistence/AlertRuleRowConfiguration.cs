using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Alerts;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class AlertRuleRowConfiguration : IEntityTypeConfiguration<AlertRuleRow>
{
    public void Configure(EntityTypeBuilder<AlertRuleRow> rule)
    {
        rule.ToTable("AlertRules");
        rule.HasKey(r => r.Id);
        rule.Property(r => r.Id).ValueGeneratedNever();
        rule.Property(r => r.Name).HasMaxLength(AlertRuleValidator.MaxNameLength).IsRequired();
        rule.Property(r => r.PromptKey).HasMaxLength(PromptKey.MaxLength);
        rule.Property(r => r.Condition).HasMaxLength(32).IsRequired();
        rule.Property(r => r.Window).HasMaxLength(32).IsRequired();
        rule.Property(r => r.Severity).HasMaxLength(16).IsRequired();
        rule.PrimitiveCollection(r => r.Actions).IsRequired();
        rule.PrimitiveCollection(r => r.Channels).IsRequired();
        rule.Property(r => r.EscalateAfter).HasMaxLength(32);
        rule.Property(r => r.RepeatEvery).HasMaxLength(32);
        rule.Property(r => r.Label).HasMaxLength(LabelName.MaxLength).IsRequired();
        rule.Property(r => r.Evaluator).HasMaxLength(AutomatedScore.MaxEvaluatorLength);
        rule.Property(r => r.Revision).IsConcurrencyToken();

        // The evaluation reads the enabled rules; the console lists a prompt's.
        rule.HasIndex(r => r.Enabled);
        rule.HasIndex(r => r.PromptKey);
    }
}
