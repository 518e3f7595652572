using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Caching;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Caching;

/// <summary>The in-process tier stays within <c>PromptConsole:Cache:LocalMaxBytes</c> and counts what it evicts for room.</summary>
public sealed class LocalTierBoundTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Past_its_bound_the_local_tier_evicts_answers_and_counts_them()
    {
        using var app = new PromptConsoleFactory().WithSetting("PromptConsole:Cache:LocalMaxBytes", "4000");
        var client = app.CreateClient();
        await client.CreateDeployedPromptAsync("bounded", new { template = "Describe order {{order}} in detail.", model = new { model = "sim-fast" }, variables = new[] { new { name = "order" } } });
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Put, "/api/v1/prompts/bounded/cache", new { enabled = true })).Status);
        var local = app.Services.GetRequiredService<EvictionCountingMemoryCache>();

        // Distinct requests, each stored, until the bound has made the cache give room (compaction runs in the background).
        var sent = 0;
        for (; sent < 400 && local.EvictedForRoom == 0; sent++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/prompts/bounded/execute", new { variables = new { order = $"ORD-{sent}" } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (sent % 20 == 19)
                await Task.Delay(50);
        }

        output.WriteLine($"{sent} distinct answers stored; {local.EvictedForRoom} evicted for room, {local.EntryCount} held");
        Assert.True(local.EvictedForRoom > 0, $"nothing was evicted after {sent} answers");
        Assert.True(local.EntryCount < sent);

        // The cache API and /metrics report the evictions.
        var overview = await client.GetJsonAsync("/api/v1/cache");
        Assert.True((long)overview.Body!["localTier"]!["evictedForRoom"]! > 0);
        Assert.Equal(4000, (long)overview.Body["localTier"]!["maxBytes"]!);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches(@"promptconsole_cache_local_evictions_total\{reason=""room""\} [1-9]", metrics);
    }
}
