using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>Table <c>ConversationCacheSettings</c>: at most one row; the per-model thresholds are one JSON column.</summary>
public sealed class ConversationCacheSettingsRowConfiguration : IEntityTypeConfiguration<ConversationCacheSettingsRow>
{
    public void Configure(EntityTypeBuilder<ConversationCacheSettingsRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ConversationCacheSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Mode).HasMaxLength(ConversationCacheSettingsRow.MaxModeLength).IsRequired();
        builder.Property(s => s.UpdatedBy).HasMaxLength(ConversationCacheSettingsRow.MaxActorLength).IsRequired();
        builder.Property(s => s.ModelThresholds)
            .HasConversion(JsonColumn<Dictionary<string, double>>.Converter, JsonColumn<Dictionary<string, double>>.Comparer)
            .IsRequired();
    }
}
