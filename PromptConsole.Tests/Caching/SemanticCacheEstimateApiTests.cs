using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Caching;

/// <summary>
/// The semantic cache's shadow results on the real app and database: observations go through the buffered writer
/// into <c>semantic_cache_observations</c>, the estimate endpoint turns them into the false-hit estimate per
/// threshold, and "wrong cached answer" feedback turns a served hit into a false hit (audited).
/// </summary>
public abstract class SemanticCacheEstimateApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private SemanticObservationWriter Writer => app.Factory.Services.GetRequiredService<SemanticObservationWriter>();

    private async Task<string> PromptAsync()
    {
        var key = $"semantic-{Guid.NewGuid():N}"[..24];
        await _client.CreateDeployedPromptAsync(key, new { template = "Answer {{message}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "message" } } });
        return key;
    }

    private void Record(string key, double similarity, SemanticObservationKind kind, Guid? executionId = null, int version = 1) =>
        app.Factory.Services.GetRequiredService<ISemanticCacheObservations>().Record(new SemanticCacheObservation(
            executionId ?? Guid.NewGuid(), key, version, null, DateTimeOffset.UtcNow, similarity, kind, null));

    [Fact]
    public async Task The_estimate_counts_shadow_disagreements_per_threshold_and_recommends_the_lowest_safe_one()
    {
        var key = await PromptAsync();
        for (var i = 0; i < 300; i++)
            Record(key, 0.95, SemanticObservationKind.ShadowAgreed);
        for (var i = 0; i < 50; i++)
            Record(key, 0.85, i < 10 ? SemanticObservationKind.ShadowDisagreed : SemanticObservationKind.ShadowAgreed);
        Record(key, 0.99, SemanticObservationKind.ShadowDisagreed, version: 2);
        await Writer.FlushAsync(CancellationToken.None);

        var estimate = await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache/estimate?version=1");
        Assert.True(estimate.Status == HttpStatusCode.OK, estimate.Body?.ToJsonString());
        Assert.Equal(key, (string?)estimate.Body!["promptKey"]);
        Assert.Equal(0.02, (double)estimate.Body["targetFalseHitRate"]!);
        Assert.Equal(0.86, (double)estimate.Body["recommendedThreshold"]!);
        var rows = estimate.Body["rows"]!.AsArray();
        Assert.Equal(20, rows.Count);
        Assert.Equal(0.80, (double)rows[0]!["threshold"]!);
        Assert.Equal(350, (int)rows[0]!["samples"]!);
        Assert.Equal(10, (int)rows[0]!["falseHits"]!);
        Assert.Equal(10.0 / 350, (double)rows[0]!["falseHitRate"]!, 6);
        Assert.InRange((double)rows[0]!["upperBound"]!, 0.0286, 0.06);
        Assert.Null(rows[19]!["falseHitRate"]); // nothing at 0.99 in version 1

        // Every version together: the version-2 false hit at 0.99 shows up.
        var all = await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache/estimate");
        Assert.Equal(1, (int)all.Body!["rows"]!.AsArray()[19]!["falseHits"]!);
    }

    [Fact]
    public async Task Raw_conversations_have_their_own_estimate_under_their_reserved_key()
    {
        var empty = await _client.GetJsonAsync("/api/v1/gateway/semantic-cache/estimate");
        Assert.True(empty.Status == HttpStatusCode.OK, empty.Body?.ToJsonString());
        Assert.Equal(0, (int)empty.Body!["rows"]!.AsArray()[0]!["samples"]!);

        var key = await PromptAsync();
        for (var i = 0; i < 40; i++)
            Record("_chat", 0.97, i < 4 ? SemanticObservationKind.ShadowDisagreed : SemanticObservationKind.ShadowAgreed, version: 0);
        Record(key, 0.97, SemanticObservationKind.ShadowDisagreed);
        await Writer.FlushAsync(CancellationToken.None);

        var estimate = await _client.GetJsonAsync("/api/v1/gateway/semantic-cache/estimate");
        Assert.Equal("_chat", (string?)estimate.Body!["promptKey"]);
        Assert.Null(estimate.Body["version"]);
        var at097 = estimate.Body["rows"]!.AsArray().Single(r => Math.Abs((double)r!["threshold"]! - 0.97) < 1e-9)!;
        // The prompt's observation is not raw conversations'.
        Assert.Equal((40, 4), ((int)at097["samples"]!, (int)at097["falseHits"]!));
    }

    [Fact]
    public async Task The_estimate_refuses_unknown_prompts_versions_and_bad_version_text()
    {
        var key = await PromptAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync("/api/v1/prompts/no-such-prompt/semantic-cache/estimate")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache/estimate?version=9")).Status);
        var bad = await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache/estimate?version=x");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("version", (string?)bad.Body!["errors"]![0]!["field"]);

        var empty = await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache/estimate");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Null(empty.Body!["recommendedThreshold"]);
        Assert.Equal(0, (int)empty.Body["rows"]!.AsArray()[0]!["samples"]!);
    }

    [Fact]
    public async Task A_served_hit_marked_wrong_counts_as_a_false_hit_and_is_audited()
    {
        var key = await PromptAsync();
        var served = Guid.NewGuid();
        Record(key, 0.93, SemanticObservationKind.Served, served);
        Record(key, 0.93, SemanticObservationKind.Served);

        // Still in the writer's buffer: the endpoint writes it first.
        using var response = await _client.PostAsync($"/api/v1/executions/{served}/wrong-cached-answer", null);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        Assert.Equal(served, (Guid)body!["executionId"]!);
        Assert.Equal(key, (string?)body["promptKey"]);
        Assert.Equal(0.93, (double)body["similarity"]!, 6);

        var estimate = await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache/estimate");
        var at093 = estimate.Body!["rows"]!.AsArray().Single(r => Math.Abs((double)r!["threshold"]! - 0.93) < 1e-9)!;
        Assert.Equal(2, (int)at093["samples"]!);
        Assert.Equal(1, (int)at093["falseHits"]!);

        // Marking it again changes nothing (and is not audited twice).
        using var again = await _client.PostAsync($"/api/v1/executions/{served}/wrong-cached-answer", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var audit = await _client.GetJsonAsync($"/api/v1/prompts/{key}/audit");
        Assert.Single(audit.Body!.AsArray(), e => (string?)e!["action"] == "cache.semantic-answer-marked-wrong");
    }

    [Fact]
    public async Task Wrong_cached_answer_is_404_for_an_unknown_execution_and_409_when_it_was_not_a_semantic_hit()
    {
        var key = await PromptAsync();
        using var unknown = await _client.PostAsync($"/api/v1/executions/{Guid.NewGuid()}/wrong-cached-answer", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var invalid = await _client.PostAsync("/api/v1/executions/not-a-guid/wrong-cached-answer", null);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var shadowOnly = Guid.NewGuid();
        Record(key, 0.91, SemanticObservationKind.ShadowAgreed, shadowOnly);
        using var shadow = await _client.PostAsync($"/api/v1/executions/{shadowOnly}/wrong-cached-answer", null);
        Assert.Equal(HttpStatusCode.Conflict, shadow.StatusCode);
        Assert.Equal("https://promptconsole.dev/problems/not-a-semantic-hit", (string?)JsonNode.Parse(await shadow.Content.ReadAsStringAsync())!["type"]);

        // An ordinary execution (answered by the model) is known but was not served from the semantic cache.
        using var executed = await _client.PostAsJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { message = "hello" } });
        var executionId = (Guid)JsonNode.Parse(await executed.Content.ReadAsStringAsync())!["executionId"]!;
        var status = HttpStatusCode.NotFound;
        for (var attempt = 0; attempt < 50 && status == HttpStatusCode.NotFound; attempt++)
        {
            using var ordinary = await _client.PostAsync($"/api/v1/executions/{executionId}/wrong-cached-answer", null);
            status = ordinary.StatusCode;
            if (status == HttpStatusCode.NotFound)
                await Task.Delay(100); // the recorder writes in the background
        }

        Assert.Equal(HttpStatusCode.Conflict, status);
    }
}

public sealed class SemanticCacheEstimateApiOnSqlite(SqliteApp app) : SemanticCacheEstimateApiTests(app), IClassFixture<SqliteApp>;

public sealed class SemanticCacheEstimateApiOnPostgres(PostgresApp app) : SemanticCacheEstimateApiTests(app), IClassFixture<PostgresApp>;
