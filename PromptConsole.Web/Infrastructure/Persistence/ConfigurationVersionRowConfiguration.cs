using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>Table <c>ConfigurationVersions</c>: its single row exists from the migration on, so a bump is a plain UPDATE.</summary>
public sealed class ConfigurationVersionRowConfiguration : IEntityTypeConfiguration<ConfigurationVersionRow>
{
    public void Configure(EntityTypeBuilder<ConfigurationVersionRow> builder)
    {
        builder.ToTable("ConfigurationVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasData(new ConfigurationVersionRow { Id = ConfigurationVersionRow.SingletonId, Version = 0 });
    }
}
