using System.Data;
using System.Reflection;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Persistence;

/// <summary>
/// SQL Server cannot run here, so its support is checked offline: the migrations are dotnet-ef's
/// and match the model, and the SQL the application would send (migration script, execution-record
/// inserts, the console's queries) is captured from EF without a connection and parsed by SQL
/// Server's own T-SQL parser. Nothing here proves the statements behave right on a live server.
/// </summary>
public sealed class SqlServerOfflineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<DatabaseProvider> AllProviders() => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.SqlServer];

    private static PromptConsoleDbContext DesignTimeContext(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDesignTimeFactory().CreateDbContext([]),
        DatabaseProvider.Postgres => new PostgresDesignTimeFactory().CreateDbContext([]),
        _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
    };

    private static ExecutionRecord NewRecord(int n)
    {
        var record = new ExecutionRecord(Guid.CreateVersion7(T0.AddSeconds(n)), T0.AddSeconds(n), "support-reply", 2, "label", "production", n % 2 == 0 ? "b" : null, null);
        record.Complete(ExecutionOutcome.Success, "sim-fast", true, null, 12.5 + n, 1, 20, 30, 0.00042m, "in-hash", "out-hash", null);
        record.Capture("input text", "output text", T0.AddDays(7));
        return record;
    }

    [Theory]
    [MemberData(nameof(AllProviders))]
    public void Each_provider_has_its_own_dotnet_ef_migrations_and_the_model_has_no_pending_changes(DatabaseProvider provider)
    {
        using var db = DesignTimeContext(provider);
        var migrations = db.GetService<IMigrationsAssembly>();

        Assert.NotEmpty(migrations.Migrations);
        Assert.All(migrations.Migrations.Values, type =>
        {
            Assert.Equal(db.GetType(), type.GetCustomAttribute<DbContextAttribute>()?.ContextType);
            Assert.EndsWith($".Migrations.{provider}", type.Namespace);
        });

        // dotnet-ef's scaffolder writes the EF version into each migration's designer file and the snapshot.
        Assert.All(migrations.Migrations.Values, type =>
            Assert.StartsWith("10.0.", migrations.CreateMigration(type, db.Database.ProviderName!).TargetModel?.GetProductVersion()));
        Assert.StartsWith("10.0.", migrations.ModelSnapshot?.Model.GetProductVersion());

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model has changes that no migration covers; add one with dotnet ef migrations add.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_whole_SQL_Server_migration_script_parses_as_T_SQL(bool idempotent)
    {
        using var db = DesignTimeContext(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: idempotent ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default);

        var tree = TransactSql.AssertValid(script);
        var tables = TransactSql.Statements<CreateTableStatement>(tree).Select(t => t.SchemaObjectName.BaseIdentifier.Value).ToArray();
        foreach (var table in new[] { "Prompts", "PromptVersions", "Labels", "LabelMoves", "AuditEvents", "Executions", "MetricRollups", "InstallationSecrets", "FeatureFlags", "AutomaticRollbacks", "Canaries", "GoldenCases", "GoldenRuns", "GoldenCaseResults", "GoldenPolicies", "Slos", "AlertRules", "Alerts", "NotificationChannels", "NotificationAttempts", "DailyReports", "ConfigurationVersions", "TenantRollups", "LiveBuckets", "__EFMigrationsHistory" })
            Assert.Contains(table, tables);
        Assert.Contains("COLLATE Latin1_General_100_BIN2", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SQL_Server_create_script_parses_as_T_SQL()
    {
        using var db = DesignTimeContext(DatabaseProvider.SqlServer);
        var tree = TransactSql.AssertValid(db.Database.GenerateCreateScript());
        Assert.Equal(40, TransactSql.Statements<CreateTableStatement>(tree).Count);
    }

    [Fact]
    public async Task Execution_record_inserts_sent_to_SQL_Server_are_T_SQL_with_typed_parameters()
    {
        int columns;
        using (var design = DesignTimeContext(DatabaseProvider.SqlServer))
            columns = design.Model.FindEntityType(typeof(ExecutionRecord))!.GetProperties().Count();

        // Every row reported new, as a server would for ids it has not stored.
        var capture = new OfflineCommandCapture(command => command.Parameters.Count / columns);
        await using var db = capture.CreateContext(DatabaseProvider.SqlServer);
        var records = Enumerable.Range(0, 40).Select(NewRecord).ToList();
        records.Add(records[3]);

        var inserted = await ExecutionRecordInserter.InsertAsync(db, records, CancellationToken.None);

        Assert.Equal(40, inserted);
        Assert.True(capture.SuppressedOpens > 0);
        Assert.Equal([32 * columns, 8 * columns], capture.Commands.Select(c => c.Parameters.Count));
        foreach (var command in capture.Commands)
        {
            Assert.Equal(ConnectionState.Closed, command.ConnectionState);
            var tree = TransactSql.AssertValid(command.Sql);
            var insert = Assert.Single(TransactSql.Statements<InsertStatement>(tree));
            Assert.Equal("Executions", Assert.IsType<NamedTableReference>(insert.InsertSpecification.Target).SchemaObject.BaseIdentifier.Value);
            Assert.IsType<SelectInsertSource>(insert.InsertSpecification.InsertSource);
            Assert.DoesNotContain("ON CONFLICT", command.Sql, StringComparison.OrdinalIgnoreCase);
        }

        // The first row's values, bound with the column's SQL Server type.
        var byType = capture.Commands[0].Parameters.Take(columns).Select(p => (SqlParameter)p.Parameter).ToArray();
        Assert.Contains(byType, p => p.SqlDbType == SqlDbType.UniqueIdentifier && Equals(p.Value, records[0].Id));
        Assert.Contains(byType, p => p.SqlDbType == SqlDbType.DateTimeOffset && Equals(p.Value, records[0].StartedAt));
        Assert.Contains(byType, p => p.SqlDbType == SqlDbType.Decimal && p.Precision == 18 && p.Scale == 8 && Equals(p.Value, 0.00042m));
        Assert.Contains(byType, p => p.SqlDbType == SqlDbType.NVarChar && Equals(p.Value, nameof(ExecutionOutcome.Success)));
        Assert.Contains(byType, p => p.SqlDbType == SqlDbType.NVarChar && Equals(p.Value, "input text"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_parser_rejects_the_insert_sent_to_SQLite_and_PostgreSQL(DatabaseProvider provider)
    {
        var capture = new OfflineCommandCapture();
        await using var db = capture.CreateContext(provider);
        await ExecutionRecordInserter.InsertAsync(db, [NewRecord(1)], CancellationToken.None);

        var sql = Assert.Single(capture.Commands).Sql;
        Assert.Contains("ON CONFLICT", sql, StringComparison.Ordinal);
        Assert.NotEmpty(TransactSql.Parse(sql).Errors);
    }

    [Fact]
    public void The_parser_rejects_PostgreSQL_only_syntax()
    {
        Assert.NotEmpty(TransactSql.Parse("INSERT INTO [Executions] ([Id]) VALUES (@p0) ON CONFLICT ([Id]) DO NOTHING;").Errors);
        Assert.NotEmpty(TransactSql.Parse("SELECT [Id] FROM [Executions] ORDER BY [StartedAt] DESC LIMIT 10;").Errors);
        Assert.Empty(TransactSql.Parse("SELECT TOP (10) [Id] FROM [Executions] ORDER BY [StartedAt] DESC;").Errors);
    }

    [Fact]
    public async Task The_console_queries_and_rollup_pruning_translate_to_T_SQL()
    {
        var capture = new OfflineCommandCapture();
        var contexts = new OfflineContextFactory(capture, DatabaseProvider.SqlServer);
        var clock = new ManualClock(T0);

        var explorer = new ExecutionExplorer(contexts);
        var filter = new ExecutionFilter("support-reply", 2, ExecutionOutcome.Success, CacheLevel.Miss, "sim-fast", ExecutionOrigin.Api, T0.AddHours(-1), T0, "Timeout", "0af7651916cd43dd8448eb211c80319c");
        await explorer.SearchAsync(new ExecutionQuery(filter, 0, 50));
        await explorer.SearchAsync(new ExecutionQuery(ExecutionFilter.None, 0, 50));
        await explorer.FindAsync(Guid.CreateVersion7(T0));

        var registry = new PromptRegistry(contexts, new PromptSnapshotStore(contexts), new FakeTemplateRenderer(), clock);
        await registry.ListAsync("Support");
        await registry.GetAsync("support-reply");
        await registry.GetAuditAsync(new AuditQuery("support-reply", 0, 100));

        var metrics = new MetricsStore(contexts, Options.Create(new MetricsStoreOptions()), clock);
        await metrics.QueryAsync(TimeSpan.FromHours(6), new MetricsFilter("support-reply"));
        await metrics.PruneAsync();

        Assert.True(capture.Commands.Count >= 10, $"Only {capture.Commands.Count} commands were captured.");
        Assert.All(capture.Commands, command => TransactSql.AssertValid(command.Sql));
        Assert.Contains(capture.Commands, c => c.Sql.StartsWith("DELETE", StringComparison.Ordinal) && c.Sql.Contains("[MetricRollups]", StringComparison.Ordinal));
        Assert.Contains(capture.Commands, c => c.Sql.Contains("OFFSET", StringComparison.Ordinal) && c.Sql.Contains("[Executions]", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Commands, c => c.Sql.Contains("LIMIT", StringComparison.Ordinal));
    }

    private sealed class OfflineContextFactory(OfflineCommandCapture capture, DatabaseProvider provider) : IDbContextFactory<PromptConsoleDbContext>
    {
        public PromptConsoleDbContext CreateDbContext() => capture.CreateContext(provider);
    }
}
