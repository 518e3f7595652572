using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Notifications;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class NotificationAttemptRowConfiguration : IEntityTypeConfiguration<NotificationAttemptRow>
{
    public void Configure(EntityTypeBuilder<NotificationAttemptRow> attempt)
    {
        attempt.ToTable("NotificationAttempts");
        attempt.HasKey(a => a.Id);
        attempt.Property(a => a.Id).ValueGeneratedNever();
        attempt.Property(a => a.ChannelName).HasMaxLength(ChannelValidator.MaxNameLength).IsRequired();
        attempt.Property(a => a.Kind).HasMaxLength(NotificationKinds.MaxLength).IsRequired();
        attempt.Property(a => a.Error).HasMaxLength(NotificationAttemptRow.MaxErrorLength);

        // No foreign key to the channel: attempts outlive a deleted channel as part of an alert's history.
        // An alert's notifications and a channel's recent attempts are the two reads.
        attempt.HasIndex(a => new { a.AlertId, a.At });
        attempt.HasIndex(a => new { a.ChannelId, a.At });
    }
}
