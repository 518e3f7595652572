using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Fleet;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Services.Caching;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Caching;

/// <summary>
/// Two instances on one PostgreSQL database and one Redis (scripts/test.sh): they share the L2, a purge on one is
/// seen by the other at once, and killing Redis under load fails no request. The figures are printed.
/// </summary>
public sealed class CacheFleetTests(ITestOutputHelper output)
{
    private static FleetInstances Start(string redis)
    {
        var channel = $"promptconsole-test-cache:{Guid.NewGuid():N}";
        return FleetInstances.Start(redis, f => f
            .WithSetting("PromptConsole:Cache:InvalidationChannel", channel)
            .WithSetting("PromptConsole:Cache:RedisInstanceName", channel + ":"));
    }

    private static async Task<string> CachedPromptAsync(FleetInstances fleet)
    {
        var key = $"shared-{Guid.NewGuid():N}"[..20];
        var a = fleet.A.CreateClient();
        await a.CreateDeployedPromptAsync(key, new { template = "Extract {{email}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "email" } } });
        Assert.Equal(HttpStatusCode.OK, (await a.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", new { enabled = true })).Status);

        // B's snapshot follows the change (over Redis pub/sub).
        var since = Stopwatch.StartNew();
        while ((await FleetInstances.SnapshotAsync(fleet.B, key))?.ExactCache.Enabled != true)
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(5), "B never saw the cache switched on.");
            await Task.Delay(5);
        }

        return key;
    }

    private static async Task<(HttpStatusCode Status, string? Cache)> ExecuteAsync(HttpClient client, string key, string email)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { email } });
        return (response.StatusCode, response.Headers.TryGetValues(ExactCacheStatus.HeaderName, out var v) ? v.Single() : null);
    }

    [Fact]
    public async Task Two_instances_share_L2_and_a_purge_on_one_is_seen_by_the_other_at_once()
    {
        using var fleet = Start(RedisServer.Shared());
        var key = await CachedPromptAsync(fleet);
        var a = fleet.A.CreateClient();
        var b = fleet.B.CreateClient();

        Assert.Equal("miss", (await ExecuteAsync(a, key, "ORD-1")).Cache);

        // HybridCache finishes the L2 write after answering: B may ask a moment before it lands.
        var since = Stopwatch.StartNew();
        string? onB;
        while ((onB = (await ExecuteAsync(b, key, "ORD-1")).Cache) != "hit-l2")
        {
            Assert.Equal("miss", onB);
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(2), "B never found A's answer in Redis.");
            await Task.Delay(10);
            Assert.Equal(HttpStatusCode.OK, (await b.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache")).Status);
            Assert.Equal("miss", (await ExecuteAsync(a, key, "ORD-1")).Cache);
        }

        Assert.Equal("hit-l1", (await ExecuteAsync(b, key, "ORD-1")).Cache);
        Assert.Equal("hit-l1", (await ExecuteAsync(a, key, "ORD-1")).Cache);

        // A purges; B drops its L1 entry as soon as the message arrives.
        var heard = fleet.B.Services.GetRequiredService<ExactCacheInvalidations>();
        var before = heard.Received;
        var purgedAt = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await a.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache")).Status);
        var requestMs = purgedAt.Elapsed.TotalMilliseconds;
        while (heard.Received == before)
        {
            Assert.True(purgedAt.Elapsed < TimeSpan.FromSeconds(1), "B did not hear the purge within a second.");
            await Task.Delay(1);
        }

        var heardMs = purgedAt.Elapsed.TotalMilliseconds;
        await Task.Delay(20); // the removal runs right after the message is read
        Assert.Equal("miss", (await ExecuteAsync(b, key, "ORD-1")).Cache);
        var line = $"[cache] purge on A answered in {requestMs:F1} ms; B heard it after {heardMs:F1} ms and missed on its next request";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    [Fact]
    public async Task Redis_killed_under_load_and_restarted_fails_no_request()
    {
        using var redis = await RedisServer.StartAsync();
        using var fleet = Start(redis.ConnectionString);
        var key = await CachedPromptAsync(fleet);
        var clients = new[] { fleet.A.CreateClient(), fleet.B.CreateClient() };
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var failed = 0;
        using var stop = new CancellationTokenSource();

        async Task LoadAsync(HttpClient client, int worker)
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                // A few e-mails over and over: hits, misses and L2 traffic all happen.
                var (status, cache) = await ExecuteAsync(client, key, $"ORD-{(worker + i++) % 12}");
                if (status != HttpStatusCode.OK)
                    Interlocked.Increment(ref failed);
                counts.AddOrUpdate(cache ?? "none", 1, (_, n) => n + 1);
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(w => LoadAsync(clients[w % 2], w)));
        await Task.Delay(500);
        redis.Kill();
        var connections = new[] { fleet.A, fleet.B }.Select(f => f.Services.GetRequiredService<RedisConnection>()).ToArray();
        var since = Stopwatch.StartNew();
        while (connections.Any(c => c.IsConnected) && since.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(10);
        await Task.Delay(1000);
        var duringOutage = counts.Values.Sum();
        await redis.RestartAsync();
        since.Restart();
        while (!connections.All(c => c.IsConnected) && since.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(10);
        var reconnectMs = since.ElapsedMilliseconds;
        await Task.Delay(700);
        await stop.CancelAsync();
        await load;

        var line = $"[cache] Redis killed and restarted under load: {counts.Values.Sum()} requests ({duringOutage} up to the end of the outage), {failed} failed; " +
            string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")) + $"; reconnected {reconnectMs} ms after the restart";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.Equal(0, failed);
        Assert.True(connections.All(c => c.IsConnected));
        Assert.True(counts.GetValueOrDefault("hit-l1") > 0);
    }
}
