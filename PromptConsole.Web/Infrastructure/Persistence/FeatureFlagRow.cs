using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// A stored feature flag: the checked <see cref="FeatureFlag"/> in columns, lists as JSON, and the
/// bookkeeping the console shows (created, updated, revision). Only ever written from a flag that
/// passed <see cref="FlagValidator"/>.
/// </summary>
public sealed class FeatureFlagRow
{
    private FeatureFlagRow()
    {
        Key = Description = Kind = DefaultVariant = SubjectAttribute = string.Empty;
        Variants = [];
        Targeting = [];
        Rollout = [];
    }

    public FeatureFlagRow(FeatureFlag flag, DateTimeOffset now)
        : this()
    {
        Id = Guid.CreateVersion7(now);
        CreatedAt = now;
        Apply(flag, now);
        Revision = 1;
    }

    public Guid Id { get; private set; }

    public string Key { get; private set; }

    public string Description { get; private set; }

    /// <summary>The API spelling: <c>standard</c> or <c>promptKillSwitch</c>.</summary>
    public string Kind { get; private set; }

    public bool Enabled { get; private set; }

    public IReadOnlyList<FlagVariant> Variants { get; private set; }

    public string DefaultVariant { get; private set; }

    public IReadOnlyList<TargetingCondition> Targeting { get; private set; }

    public IReadOnlyList<FlagPercentile> Rollout { get; private set; }

    public string SubjectAttribute { get; private set; }

    /// <summary>The prompt a kill switch guards; null for standard flags. Indexed: a prompt's snapshot looks its kill switches up by it.</summary>
    public string? KillSwitchPromptKey { get; private set; }

    public int? KillSwitchSafeVersion { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Bumped by every change; the concurrency token, so a stale copy's UPDATE matches no row.</summary>
    public int Revision { get; private set; }

    /// <summary>Takes the flag's state (the key never changes after creation) and bumps the revision.</summary>
    public void Apply(FeatureFlag flag, DateTimeOffset now)
    {
        if (Key.Length > 0 && !string.Equals(Key, flag.Key, StringComparison.Ordinal))
            throw new InvalidOperationException($"Flag '{Key}' cannot become '{flag.Key}'.");

        Key = flag.Key;
        Description = flag.Description;
        Kind = flag.Kind == FlagKind.PromptKillSwitch ? FlagValidator.PromptKillSwitchKind : FlagValidator.StandardKind;
        Enabled = flag.Enabled;
        Variants = flag.Variants.ToArray();
        DefaultVariant = flag.DefaultVariant;
        Targeting = flag.Targeting.ToArray();
        Rollout = flag.Rollout.ToArray();
        SubjectAttribute = flag.SubjectAttribute;
        KillSwitchPromptKey = flag.KillSwitch?.PromptKey;
        KillSwitchSafeVersion = flag.KillSwitch?.SafeVersion;
        UpdatedAt = now;
        Revision++;
    }

    public FeatureFlag ToFlag() => new(
        Key,
        Description,
        Kind == FlagValidator.PromptKillSwitchKind ? FlagKind.PromptKillSwitch : FlagKind.Standard,
        Enabled,
        Variants,
        DefaultVariant,
        Targeting,
        Rollout,
        SubjectAttribute,
        KillSwitchPromptKey is { } prompt && KillSwitchSafeVersion is { } safe ? new KillSwitchTarget(prompt, safe) : null);
}

public sealed class FeatureFlagRowConfiguration : IEntityTypeConfiguration<FeatureFlagRow>
{
    public void Configure(EntityTypeBuilder<FeatureFlagRow> flag)
    {
        flag.ToTable("FeatureFlags");
        flag.HasKey(f => f.Id);
        flag.Property(f => f.Id).ValueGeneratedNever();
        flag.Property(f => f.Key).HasMaxLength(FlagKey.MaxLength).IsRequired();
        flag.HasIndex(f => f.Key).IsUnique();
        flag.Property(f => f.Description).HasMaxLength(FlagValidator.MaxDescriptionLength).IsRequired();
        flag.Property(f => f.Kind).HasMaxLength(32).IsRequired();
        flag.Property(f => f.Variants).HasConversion(JsonColumn<IReadOnlyList<FlagVariant>>.Converter, JsonColumn<IReadOnlyList<FlagVariant>>.Comparer).IsRequired();
        flag.Property(f => f.DefaultVariant).HasMaxLength(ArmName.MaxLength).IsRequired();
        flag.Property(f => f.Targeting).HasConversion(JsonColumn<IReadOnlyList<TargetingCondition>>.Converter, JsonColumn<IReadOnlyList<TargetingCondition>>.Comparer).IsRequired();
        flag.Property(f => f.Rollout).HasConversion(JsonColumn<IReadOnlyList<FlagPercentile>>.Converter, JsonColumn<IReadOnlyList<FlagPercentile>>.Comparer).IsRequired();
        flag.Property(f => f.SubjectAttribute).HasMaxLength(AttributeName.MaxLength).IsRequired();
        flag.Property(f => f.KillSwitchPromptKey).HasMaxLength(PromptKey.MaxLength);
        flag.HasIndex(f => f.KillSwitchPromptKey);
        flag.Property(f => f.Revision).IsConcurrencyToken();
    }
}
