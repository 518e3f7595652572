using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Caching;

/// <summary>Records what the semantic cache reports, in place of the false-hit estimate's store.</summary>
public sealed class RecordingSemanticObservations : ISemanticCacheObservations
{
    public ConcurrentQueue<SemanticCacheObservation> Recorded { get; } = new();

    public void Record(SemanticCacheObservation observation) => Recorded.Enqueue(observation);

    public IReadOnlyList<SemanticCacheObservation> Of(string promptKey) => Recorded.Where(o => o.PromptKey == promptKey).ToArray();
}

/// <summary>The application on SQLite with the real MiniLM and a recording observation store.</summary>
public sealed class SemanticApp() : ApiAppFixture(TestDatabaseProvider.Sqlite, configure: f => f.WithServices(services =>
{
    services.AddSingleton<RecordingSemanticObservations>();
    services.AddSingleton<ISemanticCacheObservations>(sp => sp.GetRequiredService<RecordingSemanticObservations>());
}))
{
    public RecordingSemanticObservations Observations => Factory.Services.GetRequiredService<RecordingSemanticObservations>();
}

/// <summary>
/// The semantic cache end to end on the simulator with all-MiniLM-L6-v2: a paraphrase is served in serve mode, an
/// exact variable or a number inside the text that differs is not, shadow mode serves nothing and records agreed and
/// disagreed comparisons, and a purge drops the entries.
/// </summary>
public sealed class SemanticCacheEndToEndTests(SemanticApp app) : IClassFixture<SemanticApp>
{
    private readonly HttpClient _client = app.Client;

    private async Task<string> PromptAsync(object settings)
    {
        var key = $"sem-{Guid.NewGuid():N}"[..20];
        await _client.CreateDeployedPromptAsync(key, new
        {
            template = "Customer {{customer_id}} wrote: {{message}}",
            model = new { model = "sim-fast" },
            variables = new object[] { new { name = "customer_id", type = "Id" }, new { name = "message", type = "Text" } },
        });
        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/semantic-cache", settings);
        Assert.True(put.Status == HttpStatusCode.OK, put.Body?.ToJsonString());
        return key;
    }

    private async Task<(string? Cache, JsonNode Body)> ExecuteAsync(string key, string message, string customer = "C-1")
    {
        using var response = await _client.PostAsJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { customer_id = customer, message } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return (response.Headers.TryGetValues(ExactCacheStatus.HeaderName, out var values) ? values.Single() : null, JsonNode.Parse(text)!);
    }

    [Fact]
    public async Task Serve_mode_answers_a_paraphrase_from_the_cache()
    {
        var key = await PromptAsync(new { mode = "serve", threshold = 0.9, verificationRate = 0 });

        var first = await ExecuteAsync(key, "How do I reset my password?");
        var paraphrase = await ExecuteAsync(key, "How can I reset my password?");

        Assert.NotEqual(SemanticCacheStatus.Hit, first.Cache);
        Assert.Equal(SemanticCacheStatus.Hit, paraphrase.Cache);
        Assert.Equal(SemanticCacheStatus.Hit, (string?)paraphrase.Body["cacheStatus"]);
        Assert.Equal("semantic", (string?)paraphrase.Body["cache"]);
        Assert.Equal((string?)first.Body["output"], (string?)paraphrase.Body["output"]);
        Assert.Equal(0m, (decimal)paraphrase.Body["costUsd"]!);

        var served = Assert.Single(app.Observations.Of(key));
        Assert.Equal(SemanticObservationKind.Served, served.Kind);
        Assert.InRange(served.Similarity, 0.9, 1.0);

        var state = await _client.GetJsonAsync($"/api/v1/prompts/{key}/semantic-cache");
        Assert.Equal(1, (long)state.Body!["figures"]!["hits"]!);
        Assert.True((long)state.Body["figures"]!["savedTokens"]! > 0);

        var detail = await _client.GetJsonAsync($"/api/v1/executions/{(string?)paraphrase.Body["executionId"]}");
        if (detail.Status == HttpStatusCode.OK)
            Assert.Equal("semantic", ((string?)detail.Body!["cache"])?.ToLowerInvariant());
    }

    [Fact]
    public async Task A_streamed_miss_streams_piece_by_piece_and_a_streamed_paraphrase_is_served_in_one_piece()
    {
        var key = await PromptAsync(new { mode = "serve", threshold = 0.9, verificationRate = 0 });
        object Body(string message) => new { model = $"prompt:{key}", stream = true, prompt_variables = new { customer_id = "C-1", message } };

        var first = await ChatCompletionsCalls.StreamAsync(_client, Body("How do I change my delivery address?"));
        var paraphrase = await ChatCompletionsCalls.StreamAsync(_client, Body("How can I change my delivery address?"));

        Assert.Equal("off", first.Cache);
        Assert.True(first.Pieces > 1, $"the miss came in {first.Pieces} piece(s)");
        Assert.Equal((SemanticCacheStatus.Hit, 1, first.Text), (paraphrase.Cache, paraphrase.Pieces, paraphrase.Text));
    }

    [Fact]
    public async Task An_exact_variable_that_differs_is_a_miss()
    {
        var key = await PromptAsync(new { mode = "serve", threshold = 0.9, verificationRate = 0 });

        await ExecuteAsync(key, "How do I reset my password?", customer: "C-1");
        var other = await ExecuteAsync(key, "How do I reset my password?", customer: "C-2");

        Assert.NotEqual(SemanticCacheStatus.Hit, other.Cache);
        Assert.Equal("miss", (string?)other.Body["cache"]);
    }

    [Fact]
    public async Task A_number_inside_the_text_that_differs_is_a_miss()
    {
        var key = await PromptAsync(new { mode = "serve", threshold = 0.9, verificationRate = 0 });

        await ExecuteAsync(key, "Please refund 3 items from my last order.");
        var changed = await ExecuteAsync(key, "Please refund 4 items from my last order.");
        var same = await ExecuteAsync(key, "Please refund the 3 items from my last order.");

        Assert.NotEqual(SemanticCacheStatus.Hit, changed.Cache);
        Assert.Equal(SemanticCacheStatus.Hit, same.Cache);
    }

    [Fact]
    public async Task Shadow_mode_never_serves_and_records_agreed_and_disagreed_comparisons()
    {
        var key = await PromptAsync(new { mode = "shadow", agreement = new { method = "exact" } });

        var results = new List<string?>();
        foreach (var message in new[] { "How do I reset my password?", "How do I reset my password?", "How can I reset my password?", "I forgot my password, how do I reset it?" })
            results.Add((await ExecuteAsync(key, message)).Cache);

        Assert.DoesNotContain(SemanticCacheStatus.Hit, results);
        var observations = app.Observations.Of(key);
        Assert.DoesNotContain(observations, o => o.Kind == SemanticObservationKind.Served);
        // The repeat gets the simulator's same answer; a paraphrase gets another text.
        Assert.Contains(observations, o => o.Kind == SemanticObservationKind.ShadowAgreed && o.Similarity > 0.99);
        Assert.Contains(observations, o => o.Kind == SemanticObservationKind.ShadowDisagreed && o.Similarity is >= 0.8 and < 1);
        Assert.All(observations, o => Assert.Equal(1, o.PromptVersion));
    }

    [Fact]
    public async Task Serve_mode_verifies_its_sample_against_the_provider()
    {
        var key = await PromptAsync(new { mode = "serve", threshold = 0.9, verificationRate = 1, agreement = new { method = "embedding", threshold = 0.95 } });

        await ExecuteAsync(key, "How do I reset my password?");
        var verified = await ExecuteAsync(key, "How do I reset my password?");

        Assert.NotEqual(SemanticCacheStatus.Hit, verified.Cache);
        var observation = Assert.Single(app.Observations.Of(key));
        Assert.Equal(SemanticObservationKind.ShadowAgreed, observation.Kind);
    }

    [Fact]
    public async Task A_purge_drops_the_semantic_entries()
    {
        var key = await PromptAsync(new { mode = "serve", threshold = 0.9, verificationRate = 0 });
        await ExecuteAsync(key, "How do I reset my password?");
        var cache = app.Factory.Services.GetRequiredService<SemanticResponseCache>();
        Assert.Equal(1, cache.SizeOf(key).Entries);

        var purge = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/cache");

        Assert.Equal(HttpStatusCode.OK, purge.Status);
        Assert.Equal(0, cache.SizeOf(key).Entries);
        Assert.NotEqual(SemanticCacheStatus.Hit, (await ExecuteAsync(key, "How can I reset my password?")).Cache);
    }
}
