using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>The golden-set tables: cases, runs with their per-case results, and the per-prompt policy.</summary>
internal static class GoldenSetConfiguration
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var goldenCase = modelBuilder.Entity<GoldenCaseRow>();
        goldenCase.ToTable("GoldenCases");
        goldenCase.HasKey(c => c.Id);
        goldenCase.Property(c => c.Id).ValueGeneratedNever();
        goldenCase.Property(c => c.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        goldenCase.Property(c => c.Name).HasMaxLength(GoldenCaseValidator.MaxNameLength).IsRequired();
        goldenCase.Property(c => c.Variables).HasConversion(JsonColumn<IReadOnlyDictionary<string, string>>.Converter, JsonColumn<IReadOnlyDictionary<string, string>>.Comparer).IsRequired();
        goldenCase.Property(c => c.Expectations).HasConversion(JsonColumn<GoldenExpectations>.Converter, JsonColumn<GoldenExpectations>.Comparer).IsRequired();
        goldenCase.Property(c => c.UpdatedBy).HasMaxLength(200).IsRequired();
        goldenCase.HasIndex(c => new { c.PromptKey, c.Name }).IsUnique();

        var run = modelBuilder.Entity<GoldenRunRow>();
        run.ToTable("GoldenRuns");
        run.HasKey(r => r.Id);
        run.Property(r => r.Id).ValueGeneratedNever();
        run.Property(r => r.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        run.Property(r => r.Actor).HasMaxLength(200).IsRequired();
        run.HasMany(r => r.Results).WithOne().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        run.Navigation(r => r.Results).HasField("_results").UsePropertyAccessMode(PropertyAccessMode.Field);

        // The gate reads a version's latest run; the console lists a prompt's runs newest first.
        run.HasIndex(r => new { r.PromptKey, r.Version, r.CompletedAt });
        run.HasIndex(r => new { r.PromptKey, r.CompletedAt });

        var result = modelBuilder.Entity<GoldenCaseResultRow>();
        result.ToTable("GoldenCaseResults");
        result.HasKey(r => r.Id);
        result.Property(r => r.Id).ValueGeneratedNever();
        result.Property(r => r.CaseName).HasMaxLength(GoldenCaseValidator.MaxNameLength).IsRequired();
        result.Property(r => r.Failures).HasConversion(JsonColumn<IReadOnlyList<GoldenFailure>>.Converter, JsonColumn<IReadOnlyList<GoldenFailure>>.Comparer).IsRequired();

        var policy = modelBuilder.Entity<GoldenPolicyRow>();
        policy.ToTable("GoldenPolicies");
        policy.HasKey(p => p.PromptKey);
        policy.Property(p => p.PromptKey).HasMaxLength(PromptKey.MaxLength);
        policy.Property(p => p.UpdatedBy).HasMaxLength(200).IsRequired();
    }
}
