using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Metrics;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Fleet;

/// <summary>
/// Two instances on one PostgreSQL database, with and without a shared Redis: each executes N, and each
/// instance's live window (what the overview reads) shows all 2N within a few seconds; usage by tenant
/// adds up across both. Real PostgreSQL and Redis (scripts/test.sh); the time to converge is printed.
/// </summary>
public sealed class FleetLiveWindowTests(ITestOutputHelper output)
{
    private const int N = 12;

    public static TheoryData<string> Sharing => ["redis", "database"];

    [Theory]
    [MemberData(nameof(Sharing))]
    public async Task Each_instance_live_window_shows_the_whole_fleet(string sharing)
    {
        using var fleet = FleetInstances.Start(sharing == "redis" ? RedisServer.Shared() : null);
        var key = $"fleet-live-{Guid.NewGuid():N}"[..24];
        var clientA = fleet.A.CreateClient();
        var clientB = fleet.B.CreateClient();
        await clientA.CreateDeployedPromptAsync(key, new
        {
            template = "Greet {{name}}.",
            model = new { model = "sim-fast" },
            variables = new object[] { new { name = "name" } },
        });
        await FleetInstances.WaitForProductionAsync(fleet.B, key, 1, Stopwatch.StartNew(), TimeSpan.FromSeconds(10));

        for (var i = 0; i < N; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await clientA.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "a" }, tenant = "acme" })).Status);
            Assert.Equal(HttpStatusCode.OK, (await clientB.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "b" }, tenant = i % 2 == 0 ? "acme" : null })).Status);
        }

        var since = Stopwatch.StartNew();
        foreach (var (name, instance) in new[] { ("A", fleet.A), ("B", fleet.B) })
        {
            var store = instance.Services.GetRequiredService<IMetricsStore>();
            long count;
            while ((count = (await store.QueryAsync(TimeSpan.FromMinutes(15), new MetricsFilter(key))).Total.Count) < 2 * N)
            {
                Assert.True(since.Elapsed < TimeSpan.FromSeconds(10), $"{name}'s live window shows {count} of {2 * N} executions after 10 s ({sharing}).");
                await Task.Delay(50);
            }

            Assert.Equal(2 * N, count);
            var overview = await instance.CreateClient().GetJsonAsync($"/api/v1/metrics?window=15m&prompt={key}");
            Assert.Equal(2 * N, (long)overview.Body!["total"]!["count"]!);
        }

        var line = $"[fleet] both live windows showed all {2 * N} executions {since.Elapsed.TotalMilliseconds:F0} ms after the last one ({sharing})";
        output.WriteLine(line);
        Console.WriteLine(line);

        // Usage by tenant: A's rows once written (10 s flush) merged with B's memory, and the other way round.
        foreach (var instance in new[] { fleet.A, fleet.B })
            await instance.Services.GetRequiredService<MetricsStore>().FlushAsync();
        foreach (var client in new[] { clientA, clientB })
        {
            var tenants = (await client.GetJsonAsync("/api/v1/metrics/tenants?range=1h")).Body!["tenants"]!.AsArray();
            Assert.Equal(N + (N / 2), Executions(tenants, "acme"));
            Assert.Equal(N / 2, Executions(tenants, "(none)"));
        }
    }

    private static long Executions(JsonArray tenants, string tenant) =>
        tenants.Where(t => (string?)t!["tenant"] == tenant).Select(t => (long)t!["executions"]!).SingleOrDefault();
}
