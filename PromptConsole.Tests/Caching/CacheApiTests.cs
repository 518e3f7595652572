using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Caching;

/// <summary>
/// The exact cache's contract on the real app: settings (PUT/GET), the X-PromptConsole-Cache header and the
/// cacheStatus field, Cache-Control: no-cache, versions and tenants never sharing, purges, and the OpenAI path.
/// </summary>
public abstract class CacheApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey() => $"cache-{Guid.NewGuid():N}"[..24];

    private async Task<string> CachedPromptAsync(int ttlSeconds = 3600)
    {
        var key = NewKey();
        await _client.CreateDeployedPromptAsync(key, new { template = "Extract {{email}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "email" } } });
        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", new { enabled = true, ttlSeconds });
        Assert.True(put.Status == HttpStatusCode.OK, put.Body?.ToJsonString());
        return key;
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body, string? Cache)> ExecuteAsync(string key, string email = "ORD-1", string? tenant = null, bool noCache = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/prompts/{key}/execute")
        {
            Content = JsonContent.Create(new { variables = new { email }, tenant }),
        };
        if (noCache)
            request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var cache = response.Headers.TryGetValues(ExactCacheStatus.HeaderName, out var values) ? values.Single() : null;
        return (response.StatusCode, JsonNode.Parse(text), cache);
    }

    [Fact]
    public async Task Settings_are_validated_with_field_errors()
    {
        var key = NewKey();
        await _client.CreateDeployedPromptAsync(key, new { template = "Hi {{name}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "name" } } });

        var missing = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", new { ttlSeconds = 60 });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("enabled", (string?)missing.Body!["errors"]![0]!["field"]);

        foreach (var ttl in new[] { 0, -1, 2_592_001 })
        {
            var bad = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", new { enabled = true, ttlSeconds = ttl });
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal("ttlSeconds", (string?)bad.Body!["errors"]![0]!["field"]);
        }

        var malformed = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", "{\"enabled\": \"yes\"}");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        var wrongKind = Assert.Single(malformed.Body!["errors"]!.AsArray());
        Assert.Equal("enabled", (string?)wrongKind!["field"]);
        Assert.Equal("Must be true or false.", (string?)wrongKind["message"]);
        Assert.DoesNotContain("PromptConsole.", (string?)malformed.Body["detail"], StringComparison.Ordinal);

        var unknown = await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/prompts/no-such-prompt/cache", new { enabled = true });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Settings_are_saved_shown_on_the_prompt_and_audited()
    {
        var key = NewKey();
        await _client.CreateDeployedPromptAsync(key, new { template = "Hi {{name}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "name" } } });

        var before = await _client.GetJsonAsync($"/api/v1/prompts/{key}");
        Assert.False((bool)before.Body!["cache"]!["enabled"]!);
        Assert.Equal(3600, (int)before.Body["cache"]!["ttlSeconds"]!);

        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", new { enabled = true, ttlSeconds = 86_400 });
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(key, (string?)put.Body!["promptKey"]);
        Assert.True((bool)put.Body["enabled"]!);
        Assert.Equal(86_400, (int)put.Body["ttlSeconds"]!);

        var after = await _client.GetJsonAsync($"/api/v1/prompts/{key}");
        Assert.True((bool)after.Body!["cache"]!["enabled"]!);
        Assert.Equal(86_400, (int)after.Body["cache"]!["ttlSeconds"]!);

        // Switching off without a TTL keeps the TTL.
        var off = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", new { enabled = false });
        Assert.False((bool)off.Body!["enabled"]!);
        Assert.Equal(86_400, (int)off.Body["ttlSeconds"]!);

        var audit = await _client.GetJsonAsync($"/api/v1/prompts/{key}/audit");
        Assert.Equal(2, audit.Body!.AsArray().Count(e => (string?)e!["action"] == "cache.configured"));
    }

    [Fact]
    public async Task Headers_say_off_miss_hit_and_bypass()
    {
        var key = NewKey();
        await _client.CreateDeployedPromptAsync(key, new { template = "Extract {{email}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "email" } } });
        var off = await ExecuteAsync(key);
        Assert.Equal(HttpStatusCode.OK, off.Status);
        Assert.Equal("off", off.Cache);
        Assert.Equal("off", (string?)off.Body!["cacheStatus"]);

        await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", new { enabled = true });
        var miss = await ExecuteAsync(key);
        Assert.Equal("miss", miss.Cache);
        Assert.Equal("miss", (string?)miss.Body!["cache"]);
        Assert.True((decimal)miss.Body["costUsd"]! > 0);

        var hit = await ExecuteAsync(key);
        Assert.Equal(HttpStatusCode.OK, hit.Status);
        Assert.Equal("hit-l1", hit.Cache);
        Assert.Equal("hit-l1", (string?)hit.Body!["cacheStatus"]);
        Assert.Equal("exact", (string?)hit.Body["cache"]);
        Assert.Equal((string?)miss.Body["output"], (string?)hit.Body["output"]);
        Assert.Equal(0m, (decimal)hit.Body["costUsd"]!);
        Assert.Equal(0, (int)hit.Body["attempts"]!);
        Assert.NotEqual((string?)miss.Body["executionId"], (string?)hit.Body["executionId"]);

        var bypass = await ExecuteAsync(key, noCache: true);
        Assert.Equal("bypass", bypass.Cache);
        Assert.Equal("miss", (string?)bypass.Body!["cache"]);

        // The bypassing request stored its fresh answer: the next one is a hit again.
        Assert.Equal("hit-l1", (await ExecuteAsync(key)).Cache);

        // The hit is recorded with its savings; the executions explorer filters by level.
        var hits = await _client.GetJsonAsync($"/api/v1/executions?prompt={key}&cache=exact");
        Assert.Equal(HttpStatusCode.OK, hits.Status);
        var figures = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/cache")).Body!["figures"]!;
        Assert.Equal(2, (long)figures["hitsL1"]!);
        Assert.Equal(1, (long)figures["misses"]!);
        Assert.Equal(1, (long)figures["bypasses"]!);
        Assert.True((long)figures["savedTokens"]! > 0);
        Assert.True((decimal)figures["savedCostUsd"]! > 0);
    }

    [Fact]
    public async Task A_new_version_never_serves_the_old_versions_answer()
    {
        var key = await CachedPromptAsync();
        Assert.Equal("miss", (await ExecuteAsync(key)).Cache);
        Assert.Equal("hit-l1", (await ExecuteAsync(key)).Cache);

        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "Extract the order from {{email}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "email" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production", new { version = 2 })).Status);

        var after = await ExecuteAsync(key);
        Assert.Equal("miss", after.Cache);
        Assert.Equal(2, (int)after.Body!["prompt"]!["version"]!);
    }

    [Fact]
    public async Task Tenants_never_share_and_other_variables_miss()
    {
        var key = await CachedPromptAsync();
        Assert.Equal("miss", (await ExecuteAsync(key, tenant: "acme")).Cache);
        Assert.Equal("miss", (await ExecuteAsync(key, tenant: "globex")).Cache);
        Assert.Equal("miss", (await ExecuteAsync(key)).Cache);
        Assert.Equal("hit-l1", (await ExecuteAsync(key, tenant: "acme")).Cache);
        Assert.Equal("hit-l1", (await ExecuteAsync(key, tenant: "globex")).Cache);
        Assert.Equal("miss", (await ExecuteAsync(key, email: "ORD-2", tenant: "acme")).Cache);
    }

    [Fact]
    public async Task Purges_by_prompt_and_by_version()
    {
        var key = await CachedPromptAsync();
        await ExecuteAsync(key);
        Assert.Equal("hit-l1", (await ExecuteAsync(key)).Cache);

        var byVersion = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache?version=1");
        Assert.Equal(HttpStatusCode.OK, byVersion.Status);
        Assert.Equal($"prompt:{key}:v1", (string?)byVersion.Body!["tag"]);
        Assert.Equal(1, (int)byVersion.Body["version"]!);
        Assert.Equal("miss", (await ExecuteAsync(key)).Cache);
        Assert.Equal("hit-l1", (await ExecuteAsync(key)).Cache);

        var byPrompt = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache");
        Assert.Equal(HttpStatusCode.OK, byPrompt.Status);
        Assert.Equal($"prompt:{key}", (string?)byPrompt.Body!["tag"]);
        Assert.Null(byPrompt.Body["version"]);
        Assert.Equal("miss", (await ExecuteAsync(key)).Cache);

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache?version=abc")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache?version=0")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache?version=9")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendJsonAsync(HttpMethod.Delete, "/api/v1/prompts/no-such-prompt/cache")).Status);

        var audit = await _client.GetJsonAsync($"/api/v1/prompts/{key}/audit");
        Assert.Equal(2, audit.Body!.AsArray().Count(e => (string?)e!["action"] == "cache.purged"));
    }

    [Fact]
    public async Task Failed_answers_are_not_cached()
    {
        var key = NewKey();
        await _client.CreateDeployedPromptAsync(key, new { template = "Extract {{email}}", model = new { model = "sim-broken" }, variables = new[] { new { name = "email" } } });
        await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/cache", new { enabled = true });
        Assert.Equal(HttpStatusCode.BadGateway, (await ExecuteAsync(key)).Status);
        Assert.Equal(HttpStatusCode.BadGateway, (await ExecuteAsync(key)).Status);
        var figures = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/cache")).Body!["figures"]!;
        Assert.Equal(0, (long)figures["stored"]!);
        Assert.Equal(2, (long)figures["misses"]!);
    }

    [Fact]
    public async Task The_OpenAI_endpoint_serves_a_managed_prompt_from_the_cache_also_as_a_stream()
    {
        var key = await CachedPromptAsync();
        var first = await _client.PostJsonAsync("/v1/chat/completions", new { model = $"prompt:{key}", prompt_variables = new { email = "ORD-7" } });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("miss", first.Response.Headers.GetValues(ExactCacheStatus.HeaderName).Single());
        var answer = (string?)first.Body!["choices"]![0]!["message"]!["content"];

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = $"prompt:{key}", prompt_variables = new { email = "ORD-7" }, stream = true }),
        };
        using var streamed = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("hit-l1", streamed.Headers.GetValues(ExactCacheStatus.HeaderName).Single());
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        var events = (await streamed.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var content = string.Concat(events.Where(e => e.StartsWith("data: {", StringComparison.Ordinal))
            .Select(e => (string?)JsonNode.Parse(e["data: ".Length..])!["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]));
        Assert.Equal(answer, content);
        Assert.EndsWith("data: [DONE]", events[^1].TrimEnd());
    }

    [Fact]
    public async Task The_overview_lists_every_prompt_with_its_settings()
    {
        var key = await CachedPromptAsync(ttlSeconds: 120);
        await ExecuteAsync(key);
        var overview = await _client.GetJsonAsync("/api/v1/cache");
        Assert.Equal(HttpStatusCode.OK, overview.Status);
        Assert.False((bool)overview.Body!["distributedTier"]!);
        var entry = overview.Body["prompts"]!.AsArray().Single(p => (string?)p!["promptKey"] == key)!;
        Assert.True((bool)entry["enabled"]!);
        Assert.Equal(120, (int)entry["ttlSeconds"]!);
        Assert.Equal(1, (long)entry["figures"]!["misses"]!);
        _ = app.Factory.Services.GetRequiredService<ExactCacheStatistics>();
    }
}

public sealed class CacheApiOnSqlite(SqliteApp app) : CacheApiTests(app), IClassFixture<SqliteApp>;

public sealed class CacheApiOnPostgres(PostgresApp app) : CacheApiTests(app), IClassFixture<PostgresApp>;
