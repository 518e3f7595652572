using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Fleet;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Fleet;

/// <summary>
/// Two instances on one PostgreSQL database: a deploy on A is served by B within a second, over Redis pub/sub,
/// over the database version check while Redis is dead, and over Redis again once it is back. Real PostgreSQL
/// and Redis (scripts/test.sh); the figures are printed.
/// </summary>
public sealed class PropagationTests(ITestOutputHelper output)
{
    private const int Deploys = 10;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_deploy_on_one_instance_is_served_by_the_other_within_a_second_over_Redis()
    {
        // The version check is slowed to an hour so only Redis can carry the changes here.
        using var fleet = FleetInstances.Start(RedisServer.Shared(), f => f.WithSetting("PromptConsole:Fleet:VersionCheckInterval", "01:00:00"));
        var key = await CreateWithVersionsAsync(fleet, Deploys + 1);
        var delivered = FleetInstances.RecordDeliveries(fleet.B);

        var times = await DeployEachAsync(fleet, key, from: 2, count: Deploys);

        Report("Redis pub/sub", times);
        Assert.All(times, t => Assert.True(t < Bound, $"propagation took {t.TotalMilliseconds:F0} ms"));
        lock (delivered)
            Assert.Contains(ConfigurationChange.Prompt(key), delivered);
        await AssertServedOverHttpAsync(fleet.B, key, Deploys + 1);
    }

    [Fact]
    public async Task Redis_dead_the_database_version_check_propagates_and_Redis_back_pub_sub_resumes()
    {
        using var redis = await RedisServer.StartAsync();
        using var fleet = FleetInstances.Start(redis.ConnectionString);
        var key = await CreateWithVersionsAsync(fleet, 2 * Deploys + 1);
        var delivered = FleetInstances.RecordDeliveries(fleet.B);

        redis.Kill();
        await WaitAsync(() => !Connected(fleet.A) && !Connected(fleet.B), "both instances to notice Redis is gone");
        var ready = await fleet.B.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // a warning (Degraded), not unready
        Assert.Contains("Degraded", await ready.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        lock (delivered)
            delivered.Clear();

        var fallback = await DeployEachAsync(fleet, key, from: 2, count: Deploys);
        Report("database version check (Redis killed)", fallback);
        Assert.All(fallback, t => Assert.True(t < Bound + TimeSpan.FromMilliseconds(500), $"fallback propagation took {t.TotalMilliseconds:F0} ms"));
        lock (delivered)
            Assert.DoesNotContain(ConfigurationChange.Prompt(key), delivered);

        var restartedAt = Stopwatch.StartNew();
        await redis.RestartAsync();
        await WaitAsync(() => Connected(fleet.A) && Connected(fleet.B), "both instances to reconnect to Redis");
        output.WriteLine($"Redis restarted: both instances reconnected after {restartedAt.ElapsedMilliseconds} ms");
        Console.WriteLine($"[fleet] Redis restarted: both instances reconnected after {restartedAt.ElapsedMilliseconds} ms");

        // Only messages published after the restart count as proof that pub/sub resumed.
        lock (delivered)
            delivered.Clear();
        var resumed = await DeployEachAsync(fleet, key, from: Deploys + 2, count: Deploys);
        Report("Redis pub/sub after the restart", resumed);
        lock (delivered)
            Assert.Contains(ConfigurationChange.Prompt(key), delivered);
        Assert.True(Median(resumed) < Bound, $"median after the restart {Median(resumed).TotalMilliseconds:F0} ms");
        await AssertServedOverHttpAsync(fleet.B, key, 2 * Deploys + 1);
    }

    private static bool Connected(PromptConsoleFactory factory) => factory.Services.GetRequiredService<RedisConnection>().IsConnected;

    private static async Task<string> CreateWithVersionsAsync(FleetInstances fleet, int versions)
    {
        var key = $"fleet-{Guid.NewGuid():N}"[..24];
        var client = fleet.A.CreateClient();
        await client.CreateDeployedPromptAsync(key, Version(1));
        for (var number = 2; number <= versions; number++)
        {
            var added = await client.PostJsonAsync($"/api/v1/prompts/{key}/versions", Version(number));
            Assert.Equal(HttpStatusCode.Created, added.Status);
        }

        // B holds the prompt in its cache: the test is about dropping it, not about a first load.
        await FleetInstances.WaitForProductionAsync(fleet.B, key, 1, Stopwatch.StartNew(), TimeSpan.FromSeconds(5));
        return key;
    }

    private static object Version(int number) => new
    {
        template = $"Version {number} greets {{{{name}}}}.",
        model = new { model = "sim-fast" },
        variables = new object[] { new { name = "name" } },
    };

    /// <summary>Deploys versions from..from+count-1 to production on A, one at a time; each time from the deploy request to B serving it.</summary>
    private static async Task<List<TimeSpan>> DeployEachAsync(FleetInstances fleet, string key, int from, int count)
    {
        var client = fleet.A.CreateClient();
        var times = new List<TimeSpan>();
        for (var version = from; version < from + count; version++)
        {
            var since = Stopwatch.StartNew();
            var deployed = await client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production", new { version });
            Assert.Equal(HttpStatusCode.OK, deployed.Status);
            times.Add(await FleetInstances.WaitForProductionAsync(fleet.B, key, version, since, TimeSpan.FromSeconds(10)));
        }

        return times;
    }

    private static async Task AssertServedOverHttpAsync(PromptConsoleFactory factory, string key, int version)
    {
        var executed = await factory.CreateClient().PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } });
        Assert.Equal(HttpStatusCode.OK, executed.Status);
        Assert.Equal(version, (int)executed.Body!["prompt"]!["version"]!);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"Waited 20 s for {what}.");
            await Task.Delay(20);
        }
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private void Report(string path, List<TimeSpan> times)
    {
        var line = $"[fleet] propagation A→B over {path}: median {Median(times).TotalMilliseconds:F1} ms, max {times.Max().TotalMilliseconds:F1} ms, " +
                   $"all {string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms ({times.Count} deploys, deploy request included)";
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
