using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Fleet;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Caching;

/// <summary>Two instances on one PostgreSQL database and the real Redis (PROMPTCONSOLE_TEST_REDIS): one instance's semantic entry serves the other, and a purge on either drops it on both.</summary>
public sealed class SemanticCacheFleetTests
{
    private static async Task<string?> ExecuteAsync(HttpClient client, string key, string message) => (await RunAsync(client, key, message)).Cache;

    private static async Task<(string? Cache, string? Output)> RunAsync(HttpClient client, string key, string message)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { message } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.Headers.TryGetValues(ExactCacheStatus.HeaderName, out var v) ? v.Single() : null, (string?)body["output"]);
    }

    private static async Task WaitAsync(Func<bool> condition, string failure)
    {
        var since = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(5), failure);
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Two_instances_share_an_entry_through_Redis_and_a_purge_drops_it_everywhere()
    {
        var channel = $"promptconsole-test-semantic:{Guid.NewGuid():N}";
        using var fleet = FleetInstances.Start(RedisServer.Shared(), f => f
            .WithSetting("PromptConsole:SemanticCache:Channel", channel)
            .WithSetting("PromptConsole:SemanticCache:RedisPrefix", channel + ":"));
        var a = fleet.A.CreateClient();
        var b = fleet.B.CreateClient();
        var key = $"shared-sem-{Guid.NewGuid():N}"[..24];
        await a.CreateDeployedPromptAsync(key, new { template = "Reply to: {{message}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "message", type = "Text" } } });
        Assert.Equal(HttpStatusCode.OK, (await a.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/semantic-cache", new { mode = "serve", threshold = 0.9, verificationRate = 0 })).Status);

        var since = Stopwatch.StartNew();
        while ((await FleetInstances.SnapshotAsync(fleet.B, key))?.SemanticCache.Enabled != true)
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(5), "B never saw the semantic cache switched on.");
            await Task.Delay(5);
        }

        // B uses the prompt first (it loads nothing yet), then A stores an answer: B hears of it over pub/sub.
        Assert.NotEqual(SemanticCacheStatus.Hit, await ExecuteAsync(b, key, "Where can I download my invoice?"));
        Assert.Equal(HttpStatusCode.OK, (await b.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache")).Status);
        var bCache = fleet.B.Services.GetRequiredService<SemanticResponseCache>();
        var aCache = fleet.A.Services.GetRequiredService<SemanticResponseCache>();
        Assert.Equal(0, bCache.SizeOf(key).Entries);
        var fromA = await RunAsync(a, key, "How do I reset my password?");
        Assert.NotEqual(SemanticCacheStatus.Hit, fromA.Cache);

        await WaitAsync(() => bCache.SizeOf(key).Entries == 1, "B never heard of A's entry.");
        var onB = await RunAsync(b, key, "How can I reset my password?");
        Assert.Equal(SemanticCacheStatus.Hit, onB.Cache);
        Assert.Equal(fromA.Output, onB.Output);

        // A purge on B drops the entry on A as well (and in Redis).
        Assert.Equal(HttpStatusCode.OK, (await b.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache")).Status);
        Assert.Equal(0, bCache.SizeOf(key).Entries);
        await WaitAsync(() => aCache.SizeOf(key).Entries == 0, "A kept its entry after B's purge.");

        Assert.NotEqual(SemanticCacheStatus.Hit, await ExecuteAsync(a, key, "How can I reset my password?"));
    }

    [Fact]
    public async Task An_instance_loads_a_prompts_entries_from_Redis_on_first_use()
    {
        var channel = $"promptconsole-test-semantic:{Guid.NewGuid():N}";
        using var fleet = FleetInstances.Start(RedisServer.Shared(), f => f
            .WithSetting("PromptConsole:SemanticCache:Channel", channel)
            .WithSetting("PromptConsole:SemanticCache:RedisPrefix", channel + ":"));
        var a = fleet.A.CreateClient();
        var b = fleet.B.CreateClient();
        var key = $"loaded-sem-{Guid.NewGuid():N}"[..24];
        await a.CreateDeployedPromptAsync(key, new { template = "Reply to: {{message}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "message", type = "Text" } } });
        Assert.Equal(HttpStatusCode.OK, (await a.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/semantic-cache", new { mode = "serve", threshold = 0.9, verificationRate = 0 })).Status);
        var fromA = await RunAsync(a, key, "How do I reset my password?");
        Assert.NotEqual(SemanticCacheStatus.Hit, fromA.Cache);

        // Wait for A's background write to Redis and for B's snapshot; B has not used the prompt yet.
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisServer.Shared());
        var since = Stopwatch.StartNew();
        while (await redis.GetDatabase().SortedSetLengthAsync(channel + ":p:" + key) == 0
            || (await FleetInstances.SnapshotAsync(fleet.B, key))?.SemanticCache.Enabled != true)
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(5), "A's entry never reached Redis.");
            await Task.Delay(10);
        }

        var onB = await RunAsync(b, key, "How can I reset my password?");
        Assert.Equal(SemanticCacheStatus.Hit, onB.Cache);
        Assert.Equal(fromA.Output, onB.Output);
        Assert.Equal(1, fleet.B.Services.GetRequiredService<SemanticResponseCache>().SizeOf(key).Entries);
    }
}
