using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// A prompt's semantic cache settings are one JSON column on <c>Prompts</c>: they change together, are read only with
/// the prompt (its snapshot) and are never queried by value. Existing prompts get the "off" settings.
/// </summary>
internal static class SemanticCacheColumnConfiguration
{
    public static void Configure(EntityTypeBuilder<Prompt> prompt)
    {
        prompt.Property(p => p.SemanticCache)
            .HasColumnName("SemanticCache")
            .HasConversion(JsonColumn<SemanticCacheSettings>.Converter, JsonColumn<SemanticCacheSettings>.Comparer)
            .HasDefaultValueSql("'" + JsonColumnSerializer.Serialize(SemanticCacheSettings.Off).Replace("'", "''", StringComparison.Ordinal) + "'")
            .IsRequired();
    }
}
