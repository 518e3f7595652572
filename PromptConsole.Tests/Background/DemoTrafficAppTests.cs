using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.Telemetry;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Background;

/// <summary>The generator inside the real application, on a real database, with the seeded demo prompts and the simulator.</summary>
public sealed class DemoTrafficAppTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(TestDatabaseProvider.Sqlite)]
    [InlineData(TestDatabaseProvider.Postgres)]
    public async Task Switched_on_it_records_demo_traffic_that_reaches_the_metrics_store_and_stops_with_the_host(TestDatabaseProvider provider)
    {
        const int wanted = 30;
        var app = new PromptConsoleFactory(provider, seedDemoData: true)
            .WithSetting("PromptConsole:DemoTraffic:Enabled", "true")
            .WithSetting("PromptConsole:DemoTraffic:ExecutionsPerSecond", "25")
            .WithSetting("PromptConsole:DemoTraffic:FeedbackShare", "0.5")
            .WithSetting("PromptConsole:DemoTraffic:OlderVersionShare", "0.3")
            .WithSetting("PromptConsole:DemoTraffic:Seed", "7");
        try
        {
            var client = app.CreateClient();
            var contexts = app.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
            var store = app.Services.GetRequiredService<IMetricsStore>();
            var statistics = app.Services.GetRequiredService<DemoTrafficStatistics>();

            await WaitUntilAsync(async () => await CountAsync(contexts, r => r.Origin == ExecutionOrigin.DemoTraffic) >= wanted, $"{wanted} generated executions in the database", statistics);
            await WaitUntilAsync(async () => await CountAsync(contexts, r => r.FeedbackScore != null) >= 3, "feedback on generated executions", statistics);

            await using (var db = await contexts.CreateDbContextAsync())
            {
                var records = await db.Executions.AsNoTracking().ToListAsync();
                Assert.All(records, r => Assert.Equal(ExecutionOrigin.DemoTraffic, r.Origin)); // nothing else ran
                Assert.Equal(["extract-order", "summarize-ticket", "support-reply"], records.Select(r => r.PromptKey).Distinct().Order(StringComparer.Ordinal));
                Assert.Contains(records, r => r.PromptVersion == 1); // an older version, pinned
                Assert.Contains(records, r => r.PromptVersion == 2); // production
                Assert.All(records.Where(r => r.FeedbackScore is not null), r => Assert.InRange(r.FeedbackScore!.Value, 1, 5));
            }

            var window = await store.QueryAsync(TimeSpan.FromMinutes(5), MetricsFilter.All);
            Assert.True(window.Total.Count >= wanted, $"The metrics store counted {window.Total.Count} executions.");
            Assert.True(window.Total.FeedbackQuality.Count >= 3, $"The metrics store counted {window.Total.FeedbackQuality.Count} feedback scores.");
            Assert.Contains(window.BySeries.Keys, k => k.PromptVersion == 1);

            var page = await client.GetStringAsync("/prompts");
            Assert.Contains("data-testid=\"demo-traffic-banner\"", page, StringComparison.Ordinal);
            Assert.Contains("Demo traffic is being generated (25 executions/s)", page, StringComparison.Ordinal);

            var generator = app.Services.GetServices<IHostedService>().OfType<DemoTrafficGenerator>().Single();
            var stopping = Stopwatch.StartNew();
            await app.DisposeAsync();
            Assert.True(generator.ExecuteTask!.IsCompletedSuccessfully, "The generator did not finish cleanly on shutdown.");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"Shutting down took {stopping.Elapsed}.");
            Assert.Equal(0, statistics.LoopFailures);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(TestDatabaseProvider.Sqlite)]
    [InlineData(TestDatabaseProvider.Postgres)]
    public async Task Off_by_default_nothing_is_generated(TestDatabaseProvider provider)
    {
        await using var app = new PromptConsoleFactory(provider, seedDemoData: true);
        var client = app.CreateClient();
        Assert.False(app.Services.GetRequiredService<IOptions<DemoTrafficOptions>>().Value.Enabled);
        var generator = app.Services.GetServices<IHostedService>().OfType<DemoTrafficGenerator>().Single();
        await WaitUntilAsync(() => Task.FromResult(generator.ExecuteTask!.IsCompleted), "the switched-off generator to return", null);

        var (status, _, _) = await client.PostJsonAsync("/api/v1/prompts/support-reply/execute", new { variables = new { customer_name = "Dana", message = "Where is my parcel?" } });
        Assert.Equal(HttpStatusCode.OK, status);
        await app.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

        var contexts = app.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        Assert.Equal(1, await CountAsync(contexts, _ => true));
        Assert.Equal(0, await CountAsync(contexts, r => r.Origin == ExecutionOrigin.DemoTraffic));
        Assert.Equal(0, app.Services.GetRequiredService<DemoTrafficStatistics>().Started);
        Assert.DoesNotContain("demo-traffic-banner", await client.GetStringAsync("/prompts"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    [InlineData("Testing", false)]
    public void The_run_command_environment_switches_it_on_and_others_leave_it_off(string environment, bool enabled)
    {
        var web = Path.Combine(PrometheusTools.RepositoryRoot(), "PromptConsole.Web");
        var configuration = new ConfigurationBuilder()
            .SetBasePath(web)
            .AddJsonFile("appsettings.json", optional: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .Build();

        var options = configuration.GetSection(DemoTrafficOptions.Section).Get<DemoTrafficOptions>() ?? new DemoTrafficOptions();

        Assert.Equal(enabled, options.Enabled);
        Assert.True(new DemoTrafficOptionsValidator().Validate(null, options).Succeeded);
    }

    private static async Task<int> CountAsync(IDbContextFactory<PromptConsoleDbContext> contexts, System.Linq.Expressions.Expression<Func<ExecutionRecord, bool>> filter)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Executions.CountAsync(filter);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, DemoTrafficStatistics? statistics)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < Patience,
                $"Gave up waiting for {what} after {Patience.TotalSeconds} s." +
                (statistics is null ? "" : $" Generator: {statistics.Started} started, {statistics.Succeeded} succeeded, {statistics.Failed} failed ({string.Join(", ", statistics.FailuresByCode.Select(f => $"{f.Key}={f.Value}"))}), {statistics.LoopFailures} loop failures."));
            await Task.Delay(100);
        }
    }
}
