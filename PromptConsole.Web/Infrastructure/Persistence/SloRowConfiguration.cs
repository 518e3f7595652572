using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Slos;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class SloRowConfiguration : IEntityTypeConfiguration<SloRow>
{
    public void Configure(EntityTypeBuilder<SloRow> slo)
    {
        slo.ToTable("Slos");
        slo.HasKey(s => s.Id);
        slo.Property(s => s.Id).ValueGeneratedNever();
        slo.Property(s => s.Name).HasMaxLength(SloValidator.MaxNameLength).IsRequired();
        slo.Property(s => s.PromptKey).HasMaxLength(PromptKey.MaxLength);
        slo.Property(s => s.Indicator).HasMaxLength(16).IsRequired();

        // The prompt page lists its SLOs.
        slo.HasIndex(s => s.PromptKey);
    }
}
