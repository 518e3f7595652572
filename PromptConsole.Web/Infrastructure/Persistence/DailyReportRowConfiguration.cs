using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PromptConsole.Web.Infrastructure.Persistence;

internal sealed class DailyReportRowConfiguration : IEntityTypeConfiguration<DailyReportRow>
{
    public void Configure(EntityTypeBuilder<DailyReportRow> report)
    {
        report.ToTable("DailyReports");
        report.HasKey(r => r.Id);
        report.Property(r => r.Id).ValueGeneratedNever();
        report.Property(r => r.CostUsd).HasPrecision(18, 8);
        report.Property(r => r.Body).IsRequired();

        // One report per day: two instances generating the same day meet here, and the list reads it newest first.
        report.HasIndex(r => r.Date).IsUnique();
    }
}
