using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Privacy;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// The model, shared by every provider. Each provider has a subclass because the generated
/// migrations differ; the rest of the application only ever sees this base type.
/// Operators (ASP.NET Core Identity's tables) and the Data Protection keys live here too, so several instances share
/// sign-ins and antiforgery tokens through the one database they already share.
/// </summary>
public abstract class PromptConsoleDbContext : IdentityDbContext<ConsoleAccount>, IDataProtectionKeyContext
{
    protected PromptConsoleDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Prompt> Prompts => Set<Prompt>();

    public DbSet<PromptVersion> PromptVersions => Set<PromptVersion>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<ExecutionRecord> Executions => Set<ExecutionRecord>();

    public DbSet<MetricRollupRow> MetricRollups => Set<MetricRollupRow>();

    public DbSet<TenantRollupRow> TenantRollups => Set<TenantRollupRow>();

    public DbSet<LiveBucketRow> LiveBuckets => Set<LiveBucketRow>();

    public DbSet<InstallationSecret> InstallationSecrets => Set<InstallationSecret>();

    public DbSet<FeatureFlagRow> FeatureFlags => Set<FeatureFlagRow>();
    public DbSet<StoredExperiment> Experiments => Set<StoredExperiment>();

    public DbSet<AutomaticRollbackRow> AutomaticRollbacks => Set<AutomaticRollbackRow>();
    public DbSet<StoredCanary> Canaries => Set<StoredCanary>();
    public DbSet<GoldenCaseRow> GoldenCases => Set<GoldenCaseRow>();

    public DbSet<GoldenRunRow> GoldenRuns => Set<GoldenRunRow>();

    public DbSet<GoldenPolicyRow> GoldenPolicies => Set<GoldenPolicyRow>();

    public DbSet<SloRow> Slos => Set<SloRow>();
    public DbSet<AlertRuleRow> AlertRules => Set<AlertRuleRow>();

    public DbSet<AlertRow> Alerts => Set<AlertRow>();
    public DbSet<NotificationChannelRow> NotificationChannels => Set<NotificationChannelRow>();
    public DbSet<NotificationAttemptRow> NotificationAttempts => Set<NotificationAttemptRow>();
    public DbSet<DailyReportRow> DailyReports => Set<DailyReportRow>();

    public DbSet<ConfigurationVersionRow> ConfigurationVersions => Set<ConfigurationVersionRow>();

    public DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<TenantRow> Tenants => Set<TenantRow>();
    public DbSet<UsageCounterRow> UsageCounters => Set<UsageCounterRow>();

    public DbSet<SemanticCacheObservationRow> SemanticCacheObservations => Set<SemanticCacheObservationRow>();
    public DbSet<BatchJobRow> BatchJobs => Set<BatchJobRow>();
    public DbSet<BatchItemRow> BatchItems => Set<BatchItemRow>();

    public DbSet<ConversationCacheSettingsRow> ConversationCacheSettings => Set<ConversationCacheSettingsRow>();

    /// <summary>True when the save failed because a unique index refused a duplicate (a concurrent writer got there first).</summary>
    public abstract bool IsUniqueViolation(DbUpdateException exception);

    /// <summary>
    /// Saves the changes; when a concurrent writer got there first (a stale concurrency token, or a unique index
    /// refusing a duplicate) the answer is <paramref name="conflict"/>'s error instead of an exception.
    /// </summary>
    public async Task<Error?> SaveOrConflictAsync(Func<Error> conflict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        try
        {
            await SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return conflict();
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            return conflict();
        }
    }

    /// <summary>
    /// Set while a save that changes something the execution path caches waits for its transaction to commit;
    /// <see cref="ConfigurationVersionBump"/> then bumps the global configuration version inside that transaction
    /// (other instances poll it when Redis cannot tell them; see <see cref="ConfigurationVersionRow"/>).
    /// </summary>
    internal bool ConfigurationVersionBumpPending { get; set; }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!ConfigurationVersionRow.IsTouchedBy(ChangeTracker))
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        // Always in a transaction (EF skips it for a single batched command), so there is a commit to bump at.
        ConfigurationVersionBumpPending = true;
        var autoTransactions = Database.AutoTransactionBehavior;
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            Database.AutoTransactionBehavior = autoTransactions;

            // In the caller's own transaction the bump waits for the caller's commit.
            if (Database.CurrentTransaction is null)
                ConfigurationVersionBumpPending = false;
        }
    }

    /// <summary>The synchronous twin of <see cref="SaveChangesAsync(bool, CancellationToken)"/>.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (!ConfigurationVersionRow.IsTouchedBy(ChangeTracker))
            return base.SaveChanges(acceptAllChangesOnSuccess);

        ConfigurationVersionBumpPending = true;
        var autoTransactions = Database.AutoTransactionBehavior;
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            Database.AutoTransactionBehavior = autoTransactions;
            if (Database.CurrentTransaction is null)
                ConfigurationVersionBumpPending = false;
        }
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        optionsBuilder.AddInterceptors(ConfigurationVersionBump.Instance);
        base.OnConfiguring(optionsBuilder);
    }

    /// <summary>Brings the schema up to date; providers add their own one-time settings.</summary>
    public virtual Task MigrateAsync(CancellationToken cancellationToken = default) => Database.MigrateAsync(cancellationToken);

    /// <summary>The aggregate with everything its rules need: versions, labels and label history.</summary>
    public IQueryable<Prompt> PromptAggregates => Prompts
        .Include(p => p.Versions)
        .Include(p => p.Labels)
        .ThenInclude(l => l.History)
        .AsSplitQuery();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfiguration(new ApiKeyRowConfiguration());
        ConfigurePrompt(modelBuilder.Entity<Prompt>());
        SemanticCacheColumnConfiguration.Configure(modelBuilder.Entity<Prompt>());
        ConfigureVersion(modelBuilder.Entity<PromptVersion>());
        ConfigureLabel(modelBuilder.Entity<Label>());
        ConfigureLabelMove(modelBuilder.Entity<LabelMove>());
        ConfigureAudit(modelBuilder.Entity<AuditEvent>());
        ConfigureExecution(modelBuilder.Entity<ExecutionRecord>());
        ConfigureMetricRollup(modelBuilder.Entity<MetricRollupRow>());
        modelBuilder.ApplyConfiguration(new FeatureFlagRowConfiguration());
        ConfigureExperiment(modelBuilder.Entity<StoredExperiment>());
        modelBuilder.ApplyConfiguration(new AutomaticRollbackRowConfiguration());
        modelBuilder.ApplyConfiguration(new StoredCanaryConfiguration());
        GoldenSetConfiguration.Configure(modelBuilder);
        modelBuilder.ApplyConfiguration(new SloRowConfiguration());
        modelBuilder.ApplyConfiguration(new AlertRuleRowConfiguration());
        modelBuilder.ApplyConfiguration(new AlertRowConfiguration());
        modelBuilder.ApplyConfiguration(new NotificationChannelRowConfiguration());
        modelBuilder.ApplyConfiguration(new NotificationAttemptRowConfiguration());
        modelBuilder.ApplyConfiguration(new DailyReportRowConfiguration());
        modelBuilder.ApplyConfiguration(new ConfigurationVersionRowConfiguration());
        LimitsConfiguration.Configure(modelBuilder);
        modelBuilder.ApplyConfiguration(new TenantRollupRowConfiguration());
        modelBuilder.ApplyConfiguration(new LiveBucketRowConfiguration());
        modelBuilder.ApplyConfiguration(new SemanticCacheObservationRowConfiguration());
        modelBuilder.ApplyConfiguration(new BatchJobRowConfiguration());
        modelBuilder.ApplyConfiguration(new BatchItemRowConfiguration());
        modelBuilder.ApplyConfiguration(new ConversationCacheSettingsRowConfiguration());

        var secret = modelBuilder.Entity<InstallationSecret>();
        secret.ToTable("InstallationSecrets");
        secret.HasKey(s => s.Name);
        secret.Property(s => s.Name).HasMaxLength(64);
        secret.Property(s => s.Value).HasMaxLength(512).IsRequired();
    }

    private static void ConfigurePrompt(EntityTypeBuilder<Prompt> prompt)
    {
        prompt.ToTable("Prompts");
        prompt.HasKey(p => p.Id);
        prompt.Property(p => p.Id).ValueGeneratedNever();
        prompt.Property(p => p.Key).HasMaxLength(PromptKey.MaxLength).IsRequired();
        prompt.HasIndex(p => p.Key).IsUnique();
        prompt.Property(p => p.Name).HasMaxLength(Prompt.MaxNameLength).IsRequired();
        prompt.Property(p => p.Description).HasMaxLength(Prompt.MaxDescriptionLength).IsRequired();
        prompt.PrimitiveCollection(p => p.Tags).IsRequired();

        // Every domain change bumps Revision, so a stale copy's UPDATE matches no row and fails.
        prompt.Property(p => p.Revision).IsConcurrencyToken();

        prompt.HasMany(p => p.Versions).WithOne().HasForeignKey(v => v.PromptId).OnDelete(DeleteBehavior.Cascade);
        prompt.Navigation(p => p.Versions).HasField("_versions").UsePropertyAccessMode(PropertyAccessMode.Field);
        prompt.HasMany(p => p.Labels).WithOne().HasForeignKey("PromptId").IsRequired().OnDelete(DeleteBehavior.Cascade);
        prompt.Navigation(p => p.Labels).HasField("_labels").UsePropertyAccessMode(PropertyAccessMode.Field);

        // Audit events are saved alongside the change as their own rows, never through the prompt.
        prompt.Ignore(p => p.PendingAudit);
        prompt.Ignore(p => p.LatestVersion);

        // The exact response cache's settings are two columns (ExactCacheEnabled, ExactCacheTtlSeconds); this is their pair.
        prompt.Ignore(p => p.ExactCache);
    }

    private static void ConfigureVersion(EntityTypeBuilder<PromptVersion> version)
    {
        version.ToTable("PromptVersions");
        version.HasKey(v => v.Id);
        version.Property(v => v.Id).ValueGeneratedNever();
        version.HasIndex(v => new { v.PromptId, v.Number }).IsUnique();
        version.Property(v => v.Template).IsRequired();
        version.Property(v => v.ContentHash).HasMaxLength(64).IsRequired();
        version.Property(v => v.Author).HasMaxLength(200).IsRequired();
        version.Property(v => v.Model).HasConversion(JsonColumn<ModelSettings>.Converter, JsonColumn<ModelSettings>.Comparer).IsRequired();
        version.Property(v => v.Variables).HasConversion(JsonColumn<IReadOnlyList<VariableDeclaration>>.Converter, JsonColumn<IReadOnlyList<VariableDeclaration>>.Comparer).IsRequired();
        version.Property(v => v.Checks).HasConversion(JsonColumn<OutputChecks>.Converter, JsonColumn<OutputChecks>.Comparer).IsRequired();
        version.Ignore(v => v.IsDeprecated);
    }

    private static void ConfigureLabel(EntityTypeBuilder<Label> label)
    {
        label.ToTable("Labels");
        label.HasKey(l => l.Id);
        label.Property(l => l.Id).ValueGeneratedNever();
        label.Property(l => l.Name).HasMaxLength(LabelName.MaxLength).IsRequired();
        label.HasIndex("PromptId", nameof(Label.Name)).IsUnique();
        label.HasMany(l => l.History).WithOne().HasForeignKey("LabelId").IsRequired().OnDelete(DeleteBehavior.Cascade);
        label.Navigation(l => l.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
        label.Ignore(l => l.RollbackTarget);
    }

    private static void ConfigureLabelMove(EntityTypeBuilder<LabelMove> move)
    {
        move.ToTable("LabelMoves");
        move.HasKey(m => m.Id);
        move.Property(m => m.Id).ValueGeneratedNever();
        move.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        move.Property(m => m.Actor).HasMaxLength(200).IsRequired();
    }

    private static void ConfigureAudit(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.ToTable("AuditEvents");
        audit.HasKey(a => a.Id);
        audit.Property(a => a.Id).ValueGeneratedNever();
        audit.Property(a => a.Actor).HasMaxLength(200).IsRequired();
        audit.Property(a => a.Action).HasMaxLength(64).IsRequired();
        audit.Property(a => a.PromptKey).HasMaxLength(PromptKey.MaxLength);
        audit.Property(a => a.Target).HasMaxLength(200).IsRequired();
        audit.Property(a => a.Summary).IsRequired();
        audit.HasIndex(a => a.At);
        audit.HasIndex(a => new { a.PromptKey, a.At });
    }

    private static void ConfigureExecution(EntityTypeBuilder<ExecutionRecord> execution)
    {
        execution.ToTable("Executions");
        execution.HasKey(e => e.Id);
        execution.Property(e => e.Id).ValueGeneratedNever();
        execution.Property(e => e.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        execution.Property(e => e.RouteKind).HasMaxLength(32).IsRequired();
        execution.Property(e => e.NotEnrolledExperiment).HasMaxLength(64);
        execution.Property(e => e.NotEnrolledReason).HasMaxLength(32);
        execution.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(32);
        execution.Property(e => e.Cache).HasConversion<string>().HasMaxLength(16);
        execution.Property(e => e.CostUsd).HasPrecision(18, 8);
        execution.Property(e => e.CacheTier).HasMaxLength(8);
        execution.Property(e => e.SavedCostUsd).HasPrecision(18, 8);
        execution.Property(e => e.Origin).HasConversion<string>().HasMaxLength(32);
        execution.Property(e => e.AutomatedEvaluator).HasMaxLength(AutomatedScore.MaxEvaluatorLength);
        execution.Property(e => e.Stages!).HasConversion(JsonColumn<StageTimings>.Converter, JsonColumn<StageTimings>.Comparer);
        execution.HasIndex(e => e.StartedAt);
        execution.HasIndex(e => new { e.PromptKey, e.StartedAt });

        // Lets the capture sweep find expired text without scanning every execution.
        execution.HasIndex(e => e.CaptureExpiresAt);

        // The executions explorer filters on one of these and lists newest first: each index
        // starts with the filter and continues with the time, so a page reads an index range.
        execution.HasIndex(e => new { e.PromptKey, e.PromptVersion, e.StartedAt });
        execution.HasIndex(e => new { e.Outcome, e.StartedAt });
        execution.HasIndex(e => new { e.Cache, e.StartedAt });
        execution.HasIndex(e => new { e.Model, e.StartedAt });
        execution.HasIndex(e => new { e.Origin, e.StartedAt });
        execution.HasIndex(e => e.TraceId);

        // Stored as given (account names chosen by operators, not personal data: see ExecutionRecord.Tenant);
        // the explorer's tenant filter reads this index like the others, newest first.
        execution.Property(e => e.Tenant).HasMaxLength(ExecutionRecord.MaxTenantLength);
        execution.HasIndex(e => new { e.Tenant, e.StartedAt });

        // Experiment results read one experiment's records (RouteKind "experiment", RouteId its key) by time.
        execution.HasIndex(e => new { e.RouteKind, e.RouteId, e.StartedAt });
    }

    private static void ConfigureExperiment(EntityTypeBuilder<StoredExperiment> experiment)
    {
        experiment.ToTable("Experiments");
        experiment.HasKey(e => e.Id);
        experiment.Property(e => e.Id).ValueGeneratedNever();
        experiment.Property(e => e.Key).HasMaxLength(PromptKey.MaxLength).IsRequired();
        experiment.HasIndex(e => e.Key).IsUnique();
        experiment.Property(e => e.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        experiment.Property(e => e.Hypothesis).IsRequired();
        experiment.Property(e => e.ArmsJson).IsRequired();
        experiment.Property(e => e.TargetingJson).IsRequired();
        experiment.Property(e => e.SubjectAttribute).HasMaxLength(64).IsRequired();
        experiment.Property(e => e.PrimaryMetric).HasMaxLength(32).IsRequired();
        experiment.Property(e => e.GuardrailsJson).IsRequired();
        experiment.Property(e => e.Status).HasMaxLength(16).IsRequired();
        experiment.Property(e => e.DecisionVerdict).HasMaxLength(16);
        experiment.Property(e => e.DecisionArm).HasMaxLength(40);
        experiment.Property(e => e.CreatedBy).HasMaxLength(200).IsRequired();
        experiment.Property(e => e.Revision).IsConcurrencyToken();

        // The snapshot store loads a prompt's live experiments; the end-date sweep loads all running ones.
        experiment.HasIndex(e => new { e.PromptKey, e.Status });
        experiment.HasIndex(e => e.Status);
    }

    private static void ConfigureMetricRollup(EntityTypeBuilder<MetricRollupRow> rollup)
    {
        rollup.ToTable("MetricRollups");
        rollup.HasKey(r => r.Id);
        rollup.Property(r => r.InstanceId).HasMaxLength(100).IsRequired();
        rollup.Property(r => r.Tier).HasMaxLength(16).IsRequired();
        rollup.Property(r => r.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        // "<experiment>/<arm>" for experiment routes: a 64-character key, '/', a 40-character arm name.
        rollup.Property(r => r.RouteArm).HasMaxLength(128).IsRequired();
        rollup.Property(r => r.Model).HasMaxLength(200).IsRequired();
        rollup.Property(r => r.Stats).IsRequired();

        // One row per instance, series and bucket: the instance rewrites it while the bucket is open.
        rollup.HasIndex(r => new { r.Tier, r.BucketStart, r.InstanceId, r.PromptKey, r.PromptVersion, r.RouteArm, r.Model }).IsUnique();
        rollup.HasIndex(r => new { r.Tier, r.PromptKey, r.BucketStart });
    }
}

/// <summary>
/// Value objects stored as one JSON text column. The comparer compares and snapshots by JSON so
/// change tracking sees content, not references.
/// </summary>
internal static class JsonColumn<T>
    where T : class
{
    public static readonly ValueConverter<T, string> Converter = new(
        value => JsonColumnSerializer.Serialize(value),
        json => JsonColumnSerializer.Deserialize<T>(json));

    public static readonly ValueComparer<T> Comparer = new(
        (left, right) => JsonColumnSerializer.Serialize(left) == JsonColumnSerializer.Serialize(right),
        value => JsonColumnSerializer.Serialize(value).GetHashCode(StringComparison.Ordinal),
        value => JsonColumnSerializer.Deserialize<T>(JsonColumnSerializer.Serialize(value)));
}

internal static class JsonColumnSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StoreOnlyConstructorState } },
    };

    /// <summary>Derived read-only members (e.g. <c>ModelSettings.ModelChain</c>) are recomputed on load, so they are not stored.</summary>
    private static void StoreOnlyConstructorState(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null)
                info.Properties.RemoveAt(i);
        }
    }

    public static string Serialize<T>(T? value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"Stored JSON for {typeof(T).Name} is null.");
}
