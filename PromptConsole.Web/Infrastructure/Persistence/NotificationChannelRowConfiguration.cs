using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Notifications;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class NotificationChannelRowConfiguration : IEntityTypeConfiguration<NotificationChannelRow>
{
    public void Configure(EntityTypeBuilder<NotificationChannelRow> channel)
    {
        channel.ToTable("NotificationChannels");
        channel.HasKey(c => c.Id);
        channel.Property(c => c.Id).ValueGeneratedNever();
        channel.Property(c => c.Name).HasMaxLength(ChannelValidator.MaxNameLength).IsRequired();
        channel.Property(c => c.Type).HasMaxLength(16).IsRequired();
        channel.Property(c => c.Url).HasMaxLength(ChannelValidator.MaxUrlLength).IsRequired();
        channel.Property(c => c.Secret).HasMaxLength(ChannelValidator.MaxSecretLength);
        channel.Property(c => c.CreatedBy).HasMaxLength(200).IsRequired();
        channel.Property(c => c.UpdatedBy).HasMaxLength(200).IsRequired();
        channel.Ignore(c => c.ChannelType);

        // People pick channels by name in alert rules and the console: two with one name would be ambiguous.
        channel.HasIndex(c => c.Name).IsUnique();
    }
}
