using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Hosting;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Persistence;

public sealed class DatabaseInitializationTests
{
    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Migrations_apply_to_an_empty_database(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider, initialize: false);
        await using (var before = host.CreateDbContext())
            Assert.NotEmpty(await before.Database.GetPendingMigrationsAsync());

        await host.Services.InitializePromptConsoleDatabaseAsync();

        await using var db = host.CreateDbContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Prompts.CountAsync());
        Assert.Equal(0, await db.Executions.CountAsync());
        Assert.Equal(0, await db.AuditEvents.CountAsync());
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Demo_seed_creates_three_prompts_once(TestDatabaseProvider provider)
    {
        var database = TestDatabase.Create(provider);
        try
        {
            int auditAfterFirstStart;
            await using (var first = await PersistenceTestHost.CreateAsync(database, ownsDatabase: false, s => s["PromptConsole:Database:SeedDemoData"] = "true"))
            {
                var registry = first.Get<IPromptRegistry>();
                var prompts = await registry.ListAsync(null);
                Assert.Equal(["extract-order", "summarize-ticket", "support-reply"], prompts.Select(p => p.Key));
                Assert.All(prompts, p => Assert.InRange(p.VersionCount, 2, 3));
                Assert.All(prompts, p => Assert.True(p.Labels.ContainsKey(LabelName.Production)));

                var support = (await registry.GetAsync("support-reply")).Value;
                var production = support.FindLabel(LabelName.Production)!;
                Assert.Equal(2, production.VersionNumber);
                Assert.Equal(1, production.RollbackTarget);
                Assert.Equal(["customer_name", "message", "tone"], support.FindVersion(1)!.Variables.Select(v => v.Name));
                Assert.Equal(["sim-smart", "sim-fast"], support.FindVersion(2)!.Model.ModelChain);

                var summarize = (await registry.GetAsync("summarize-ticket")).Value;
                Assert.All(summarize.Versions, v => Assert.NotNull(v.Checks.MaxLength));
                var extract = (await registry.GetAsync("extract-order")).Value;
                Assert.All(extract.Versions, v => Assert.True(v.Checks.MustBeJson));
                Assert.False(string.IsNullOrEmpty(extract.FindVersion(2)!.Checks.Regex));

                var audit = await registry.GetAuditAsync(new Web.Services.AuditQuery(Take: 1000));
                Assert.All(audit, a => Assert.Equal(DemoSeeder.Actor, a.Actor));
                auditAfterFirstStart = audit.Count;

                // The seeded rollback really works.
                var rolledBack = await registry.RollbackAsync("support-reply", LabelName.Production, "demo", null, "tester");
                Assert.Equal(1, rolledBack.Value.VersionNumber);
            }

            await using (var second = await PersistenceTestHost.CreateAsync(database, ownsDatabase: false, s => s["PromptConsole:Database:SeedDemoData"] = "true"))
            {
                var registry = second.Get<IPromptRegistry>();
                Assert.Equal(3, (await registry.ListAsync(null)).Count);
                Assert.Equal(auditAfterFirstStart + 1, (await registry.GetAuditAsync(new Web.Services.AuditQuery(Take: 1000))).Count);
                Assert.False(await second.Get<DemoSeeder>().SeedAsync());
            }
        }
        finally
        {
            await PersistenceTestHost.DropDatabaseAsync(database);
            database.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Database_health_check_is_tagged_ready_and_healthy(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var report = await host.Get<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));
        // Readiness is the database and the recorder's backlog (Redis joins it only when configured).
        Assert.Equal(["database", "recorder"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.Entries.Values, entry => Assert.Equal(HealthStatus.Healthy, entry.Status));
    }

    [Fact]
    public async Task Database_health_check_is_degraded_when_the_database_cannot_be_reached_so_the_instance_keeps_its_traffic()
    {
        await using var host = await PersistenceTestHost.CreateAsync(
            TestDatabaseProvider.Sqlite,
            s => s["PromptConsole:Database:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing", "x.db")};Mode=ReadOnly",
            initialize: false);
        var report = await host.Get<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, report.Entries["database"].Status);
        Assert.Equal(PersistenceExtensions.DatabaseHealthCheckTimeout,
            host.Get<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single(r => r.Name == "database").Timeout);
    }

    [Fact]
    public async Task Seeding_is_off_unless_configured()
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        Assert.Empty(await host.Get<IPromptRegistry>().ListAsync(null));
    }

    [Theory]
    [InlineData("Oracle", "not-empty", "Provider is 'Oracle'")]
    [InlineData("Sqlite", " ", "ConnectionString is empty")]
    [InlineData("", "", "Provider is ''")]
    public async Task Invalid_database_options_fail_at_start_with_a_clear_message(string providerName, string connectionString, string expected)
    {
        await using var host = await PersistenceTestHost.CreateAsync(
            TestDatabaseProvider.Sqlite,
            s =>
            {
                s["PromptConsole:Database:Provider"] = providerName;
                s["PromptConsole:Database:ConnectionString"] = connectionString;
            },
            initialize: false);

        var initialize = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Services.InitializePromptConsoleDatabaseAsync());
        Assert.Contains(expected, initialize.Message);
        var start = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);
        Assert.Contains(expected, start.Message);
    }

    [Theory]
    [InlineData("Recording:Capacity", "0")]
    [InlineData("Recording:BatchSize", "-1")]
    [InlineData("Recording:CaptureSweepIntervalSeconds", "0")]
    public async Task Invalid_recording_options_fail_at_start(string key, string value)
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite, s => s["PromptConsole:" + key] = value);
        var start = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);
        Assert.Contains(key.Split(':')[1], start.Message);
    }

    [Theory]
    [InlineData("sqlite", DatabaseProvider.Sqlite)]
    [InlineData("SQLITE", DatabaseProvider.Sqlite)]
    [InlineData("postgres", DatabaseProvider.Postgres)]
    [InlineData("Postgres", DatabaseProvider.Postgres)]
    [InlineData("sqlserver", DatabaseProvider.SqlServer)]
    [InlineData("SqlServer", DatabaseProvider.SqlServer)]
    public void Provider_names_are_case_insensitive(string name, DatabaseProvider expected)
    {
        var options = new DatabaseOptions { Provider = name, ConnectionString = "x" };
        Assert.True(new DatabaseOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(expected, options.ParsedProvider);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("7")]
    [InlineData("sql")]
    public void Unknown_or_numeric_provider_values_are_rejected(string name)
    {
        Assert.False(new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { Provider = name, ConnectionString = "x" }).Succeeded);
    }
}
