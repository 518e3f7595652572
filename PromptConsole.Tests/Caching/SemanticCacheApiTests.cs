using System.Net;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Caching;

/// <summary><c>GET/PUT /api/v1/prompts/{key}/semantic-cache</c> on each database: defaults, validation with field names, audit.</summary>
public abstract class SemanticCacheApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private async Task<string> PromptAsync()
    {
        var key = $"semantic-{Guid.NewGuid():N}"[..24];
        await _client.CreateDeployedPromptAsync(key, new
        {
            template = "Customer {{customer_id}} ({{tone}}) wrote: {{message}}",
            model = new { model = "sim-fast" },
            variables = new object[]
            {
                new { name = "customer_id", type = "Id" },
                new { name = "tone", type = "Enum", allowedValues = new[] { "friendly", "formal" } },
                new { name = "message", type = "Text" },
            },
        });
        return key;
    }

    [Fact]
    public async Task The_default_is_off_with_every_variables_policy_from_its_type()
    {
        var key = await PromptAsync();

        var got = await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache");

        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal("off", (string?)got.Body!["mode"]);
        Assert.Equal(0.92, (double)got.Body["threshold"]!);
        Assert.Equal(0.05, (double)got.Body["verificationRate"]!);
        Assert.Equal("embedding", (string?)got.Body["agreement"]!["method"]);
        Assert.Equal(0.95, (double)got.Body["agreement"]!["threshold"]!);
        Assert.Equal("semantic", (string?)got.Body["variables"]!["message"]!["policy"]);
        Assert.Equal(0.92, (double)got.Body["variables"]!["message"]!["threshold"]!);
        Assert.Equal("type", (string?)got.Body["variables"]!["message"]!["source"]);
        Assert.Equal("exact", (string?)got.Body["variables"]!["customer_id"]!["policy"]);
        Assert.Equal("exact", (string?)got.Body["variables"]!["tone"]!["policy"]);
        Assert.Null(got.Body["variables"]!["tone"]!["threshold"]);
    }

    [Fact]
    public async Task Switching_on_starts_in_shadow_is_audited_and_reaches_the_snapshot()
    {
        var key = await PromptAsync();

        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/semantic-cache", new
        {
            threshold = 0.9,
            ttlSeconds = 600,
            maxEntries = 50,
            agreement = new { method = "exact" },
            variables = new { tone = new { policy = "ignore" }, message = new { policy = "semantic", threshold = 0.95 } },
        });

        Assert.True(put.Status == HttpStatusCode.OK, put.Body?.ToJsonString());
        Assert.Equal("shadow", (string?)put.Body!["mode"]);
        Assert.Equal(0.9, (double)put.Body["threshold"]!);
        Assert.Equal(600, (int)put.Body["ttlSeconds"]!);
        Assert.Equal(50, (int)put.Body["maxEntries"]!);
        Assert.Equal("exact", (string?)put.Body["agreement"]!["method"]);
        Assert.Equal("ignore", (string?)put.Body["variables"]!["tone"]!["policy"]);
        Assert.Equal("override", (string?)put.Body["variables"]!["tone"]!["source"]);
        Assert.Equal(0.95, (double)put.Body["variables"]!["message"]!["threshold"]!);

        var serve = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/semantic-cache", new { mode = "serve" });
        Assert.Equal("serve", (string?)serve.Body!["mode"]);
        Assert.Equal("ignore", (string?)serve.Body["variables"]!["tone"]!["policy"]);

        var snapshot = await app.Factory.Services.GetRequiredServiceAsync(key);
        Assert.Equal(global::PromptConsole.Domain.Caching.SemanticCacheMode.Serve, snapshot.SemanticCache.Mode);

        var audit = await _client.GetJsonAsync($"/api/v1/prompts/{key}/audit");
        Assert.Equal(2, audit.Body!.AsArray().Count(e => (string?)e!["target"] == $"prompt:{key}:semantic-cache"));
    }

    [Theory]
    [InlineData("{\"mode\": \"always\"}", "mode")]
    [InlineData("{\"mode\": \"shadow\", \"threshold\": 1.5}", "threshold")]
    [InlineData("{\"mode\": \"shadow\", \"ttlSeconds\": 0}", "ttlSeconds")]
    [InlineData("{\"mode\": \"shadow\", \"maxEntries\": 0}", "maxEntries")]
    [InlineData("{\"mode\": \"shadow\", \"verificationRate\": -0.1}", "verificationRate")]
    [InlineData("{\"mode\": \"shadow\", \"agreement\": {\"method\": \"judge\"}}", "agreement.method")]
    [InlineData("{\"mode\": \"shadow\", \"agreement\": {\"threshold\": 2}}", "agreement.threshold")]
    [InlineData("{\"mode\": \"shadow\", \"variables\": {\"foo\": {\"policy\": \"exact\"}}}", "variables.foo")]
    [InlineData("{\"mode\": \"shadow\", \"variables\": {\"message\": {\"policy\": \"fuzzy\"}}}", "variables.message.policy")]
    [InlineData("{\"mode\": \"shadow\", \"variables\": {\"tone\": {\"threshold\": 0.9}}}", "variables.tone.threshold")]
    [InlineData("{\"mode\": \"serve\", \"variables\": {\"message\": {\"policy\": \"exact\"}}}", "variables")]
    [InlineData("{\"mode\": 3}", "mode")]
    public async Task Bad_settings_are_problems_with_their_field(string body, string field)
    {
        var key = await PromptAsync();

        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/semantic-cache", body);

        Assert.Equal(HttpStatusCode.BadRequest, put.Status);
        Assert.Contains(put.Body!["errors"]!.AsArray(), e => (string?)e!["field"] == field);
        Assert.Equal("off", (string?)(await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache")).Body!["mode"]);
    }

    [Fact]
    public async Task An_unknown_prompt_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync("/api/v1/prompts/no-such-prompt/semantic-cache")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/prompts/no-such-prompt/semantic-cache", new { mode = "shadow" })).Status);
    }
}

public sealed class SemanticCacheApiOnSqlite(SqliteApp app) : SemanticCacheApiTests(app), IClassFixture<SqliteApp>;

public sealed class SemanticCacheApiOnPostgres(PostgresApp app) : SemanticCacheApiTests(app), IClassFixture<PostgresApp>;

internal static class SnapshotLookup
{
    public static async Task<global::PromptConsole.Domain.Prompts.PromptSnapshot> GetRequiredServiceAsync(this IServiceProvider services, string key) =>
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Web.Services.IPromptSnapshotStore>(services).GetAsync(key)
        ?? throw new InvalidOperationException("No snapshot of " + key);
}
