using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Caching;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Caching;

/// <summary>Identical requests in flight at once share one provider call (HybridCache's stampede protection).</summary>
public sealed class CoalescingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Identical_concurrent_requests_make_one_provider_call_and_the_others_are_coalesced()
    {
        using var app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Providers:slow:Kind", "Simulator")
            .WithSetting("PromptConsole:Providers:slow:LatencyMedianMs", "400")
            .WithSetting("PromptConsole:Providers:slow:LatencyP95Ms", "400")
            .WithSetting("PromptConsole:Models:sim-slow:Provider", "slow")
            .WithSetting("PromptConsole:Models:sim-slow:InputPer1K", "0.001")
            .WithSetting("PromptConsole:Models:sim-slow:OutputPer1K", "0.002");
        var client = app.CreateClient();
        await client.CreateDeployedPromptAsync("together", new { template = "Extract {{email}}", model = new { model = "sim-slow" }, variables = new[] { new { name = "email" } } });
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Put, "/api/v1/prompts/together/cache", new { enabled = true })).Status);

        const int Requests = 8;
        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/api/v1/prompts/together/execute", new { variables = new { email = "ORD-42" } });
            var body = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>();
            return (response.StatusCode, Cache: response.Headers.GetValues(ExactCacheStatus.HeaderName).Single(), Output: (string?)body!["output"], Cost: (decimal)body["costUsd"]!);
        }));

        var statuses = responses.GroupBy(r => r.Cache).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{Requests} identical requests: " + string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Output).Distinct());
        Assert.Equal(1, statuses.GetValueOrDefault("miss"));
        Assert.Equal(Requests - 1, statuses.GetValueOrDefault("coalesced"));
        Assert.Single(responses, r => r.Cost > 0);

        var figures = app.Services.GetRequiredService<ExactCacheStatistics>().Snapshot().Single(f => f.PromptKey == "together");
        Assert.Equal(1, figures.Stored);
        Assert.Equal(Requests - 1, figures.Coalesced);
        Assert.True(figures.SavedCostUsd > 0);

        // The executions are recorded as one miss and the rest coalesced.
        var coalesced = await client.GetJsonAsync("/api/v1/executions?prompt=together&cache=coalesced");
        Assert.Equal(HttpStatusCode.OK, coalesced.Status);
    }
}
