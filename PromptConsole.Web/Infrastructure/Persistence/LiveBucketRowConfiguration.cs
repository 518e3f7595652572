using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Infrastructure.Persistence;

public sealed class LiveBucketRowConfiguration : IEntityTypeConfiguration<LiveBucketRow>
{
    public void Configure(EntityTypeBuilder<LiveBucketRow> live)
    {
        live.ToTable("LiveBuckets");
        live.HasKey(r => new { r.InstanceId, r.Second, r.PromptKey });
        live.Property(r => r.InstanceId).HasMaxLength(100);
        // Reserved keys such as "_chat" are recorded too, so one more than a prompt key.
        live.Property(r => r.PromptKey).HasMaxLength(PromptKey.MaxLength + 1);
        live.Property(r => r.Payload).IsRequired();

        // Readers ask for a range of seconds; pruning deletes everything before a second.
        live.HasIndex(r => r.Second);
    }
}
