using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.Limits;
using PromptConsole.Tests.TestSupport;
using static PromptConsole.Tests.TestSupport.ChatCompletionsCalls;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Caching;

/// <summary>Raw conversations' semantic cache in serve mode (default threshold, no verification draw) with the real MiniLM on SQLite.</summary>
public sealed class RawSemanticServeApp() : ApiAppFixture(
    TestDatabaseProvider.Sqlite,
    new Dictionary<string, string?>
    {
        ["PromptConsole:Cache:ChatCompletions:Semantic:Enabled"] = "true",
        ["PromptConsole:Cache:ChatCompletions:Semantic:Mode"] = "serve",
        ["PromptConsole:Cache:ChatCompletions:Semantic:VerificationRate"] = "0",
    },
    f => f.WithServices(services =>
    {
        services.AddSingleton<RecordingSemanticObservations>();
        services.AddSingleton<ISemanticCacheObservations>(sp => sp.GetRequiredService<RecordingSemanticObservations>());
    }))
{
    public RecordingSemanticObservations Observations => Factory.Services.GetRequiredService<RecordingSemanticObservations>();
}

/// <summary>Switched on without a mode (so in shadow), with the real observation writer on SQLite behind the estimate.</summary>
public sealed class RawSemanticShadowApp() : ApiAppFixture(
    TestDatabaseProvider.Sqlite,
    new Dictionary<string, string?> { ["PromptConsole:Cache:ChatCompletions:Semantic:Enabled"] = "true" });

/// <summary>
/// Whole-prompt semantic matching of raw conversations on <c>/v1/chat/completions</c>, end to end on the simulator with
/// all-MiniLM-L6-v2: off by default; in serve mode a paraphrased last user message is served <c>hit-semantic</c> (whole
/// and streamed) at no cost, while a changed number or quoted string, another system prompt, tenant or model, and
/// <c>no-cache</c> miss.
/// </summary>
public sealed class RawConversationSemanticCacheTests(RawSemanticServeApp app) : IClassFixture<RawSemanticServeApp>
{
    private const string System = "You are the support desk of a bank. Answer briefly.";

    private readonly HttpClient _client = app.Client;

    internal static object Conversation(string text, string system = System, string model = "sim-fast", bool stream = false) => new
    {
        model,
        stream,
        messages = new object[] { new { role = "system", content = system }, new { role = "user", content = text } },
    };

    [Fact]
    public async Task A_paraphrase_is_served_from_the_semantic_cache_at_no_cost_and_its_savings_are_counted()
    {
        var first = await SendAsync(_client, Conversation("How do I reset my online banking password?"));
        var paraphrase = await SendAsync(_client, Conversation("How can I reset my online banking password?"));

        Assert.Equal("off", first.Cache);
        Assert.Equal(SemanticCacheStatus.Hit, paraphrase.Cache);
        Assert.Equal(first.Text, paraphrase.Text);

        var served = Assert.Single(app.Observations.Recorded, o => o.ExecutionId == paraphrase.ExecutionId);
        Assert.Equal(("_chat", 0, SemanticObservationKind.Served), (served.PromptKey, served.PromptVersion, served.Kind));
        Assert.InRange(served.Similarity, 0.95, 1.0);

        // Recorded as a semantic hit at no cost under the raw conversations' key.
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var detail = await _client.GetJsonAsync($"/api/v1/executions/{paraphrase.ExecutionId}");
        Assert.Equal(HttpStatusCode.OK, detail.Status);
        Assert.Equal("semantic", ((string?)detail.Body!["cache"])?.ToLowerInvariant());
        Assert.Equal("_chat", (string?)detail.Body["prompt"]!["key"]);
        Assert.Equal(0m, (decimal)detail.Body["costUsd"]!);

        // The figures: one more semantic hit with what it saved, on the cache page's raw-conversations row too.
        var figures = app.Factory.Services.GetRequiredService<SemanticCacheStatistics>().Snapshot(_ => (0, 0)).Single(f => f.PromptKey == "_chat");
        Assert.True(figures.Hits >= 1 && figures.SavedTokens > 0, $"{figures}");
        var overview = await _client.GetJsonAsync("/api/v1/cache");
        Assert.Contains(overview.Body!["prompts"]!.AsArray(), p => (string?)p!["promptKey"] == "_chat");

        // Prometheus: the semantic counters labelled as the exact cache of raw conversations is (prompt="_chat").
        var scrape = await _client.GetStringAsync("/metrics");
        Assert.Contains("promptconsole_cache_semantic_lookups_total{prompt=\"_chat\",result=\"serve\"}", scrape, StringComparison.Ordinal);
        Assert.Contains("promptconsole_cache_results_total{prompt=\"_chat\",result=\"hit-semantic\"}", scrape, StringComparison.Ordinal);
        Assert.Contains("promptconsole_cache_saved_tokens_total{prompt=\"_chat\"}", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_paraphrase_is_served_as_a_stream_of_one_piece()
    {
        var first = await StreamAsync(_client, Conversation("What documents do I need to open a savings account?", stream: true));
        var paraphrase = await StreamAsync(_client, Conversation("Which documents do I need to open a savings account?", stream: true));

        Assert.Equal("off", first.Cache);
        Assert.True(first.Pieces > 1, $"a miss streams the provider's pieces ({first.Pieces})");
        Assert.Equal(SemanticCacheStatus.Hit, paraphrase.Cache);
        Assert.Equal(1, paraphrase.Pieces);
        Assert.Equal(first.Text, paraphrase.Text);

        // A whole request is served the streamed miss's answer too.
        var whole = await SendAsync(_client, Conversation("Which documents do I need to open a savings account?"));
        Assert.Equal((SemanticCacheStatus.Hit, first.Text), (whole.Cache, whole.Text));
    }

    [Theory]
    [InlineData("a changed number", "Please send me the statements of the last 3 months.", "Please send me the statements of the last 4 months.")]
    [InlineData("a changed quoted string", "Rename my account to \"Holiday fund\" please.", "Rename my account to \"Holiday savings\" please.")]
    [InlineData("a changed e-mail address", "Send the receipt to anna@example.com please.", "Send the receipt to anne@example.com please.")]
    public async Task A_guard_that_differs_inside_the_text_is_a_miss(string change, string first, string second)
    {
        await SendAsync(_client, Conversation(first));
        var changed = await SendAsync(_client, Conversation(second));
        var same = await SendAsync(_client, Conversation(first));

        Assert.True(changed.Cache != SemanticCacheStatus.Hit, change);
        Assert.Equal(SemanticCacheStatus.Hit, same.Cache);
    }

    [Fact]
    public async Task Another_system_prompt_or_earlier_turn_never_matches()
    {
        const string question = "Can I withdraw cash abroad with my debit card?";
        await SendAsync(_client, Conversation(question));

        var otherSystem = await SendAsync(_client, Conversation(question, system: "You are the support desk of an airline. Answer briefly."));
        var otherTurns = await SendAsync(_client, new
        {
            model = "sim-fast",
            messages = new object[]
            {
                new { role = "system", content = System },
                new { role = "user", content = "I am travelling to Japan." },
                new { role = "assistant", content = "Have a good trip!" },
                new { role = "user", content = question },
            },
        });

        Assert.Equal(("off", "off"), (otherSystem.Cache, otherTurns.Cache));
    }

    [Fact]
    public async Task Another_model_or_temperature_never_matches()
    {
        const string question = "How long does an international transfer take?";
        await SendAsync(_client, Conversation(question));

        var otherModel = await SendAsync(_client, Conversation(question, model: "sim-smart"));
        var otherTemperature = await SendAsync(_client, new
        {
            model = "sim-fast",
            temperature = 0.2,
            messages = new object[] { new { role = "system", content = System }, new { role = "user", content = question } },
        });

        Assert.Equal(("off", "off"), (otherModel.Cache, otherTemperature.Cache));
    }

    [Fact]
    public async Task Tenants_never_share_an_answer()
    {
        const string question = "Where can I see my credit card limit?";
        const string paraphrase = "Where do I see my credit card limit?";
        using var acme = await TestCaller.SendAsync(_client, TestCaller.Of("rawsem-acme", tenant: "acme"), () => Post(Conversation(question)));
        using var globex = await TestCaller.SendAsync(_client, TestCaller.Of("rawsem-globex", tenant: "globex"), () => Post(Conversation(paraphrase)));
        using var acmeAgain = await TestCaller.SendAsync(_client, TestCaller.Of("rawsem-acme", tenant: "acme"), () => Post(Conversation(paraphrase)));
        var untenanted = await SendAsync(_client, Conversation(paraphrase));

        Assert.Equal(HttpStatusCode.OK, acme.StatusCode);
        Assert.Equal("off", CacheOf(globex));
        Assert.Equal(SemanticCacheStatus.Hit, CacheOf(acmeAgain));
        Assert.Equal("off", untenanted.Cache);
    }

    [Fact]
    public async Task No_cache_bypasses_it_and_a_conversation_ending_with_the_assistant_is_not_a_subject()
    {
        await SendAsync(_client, Conversation("Is there a fee for closing my account?"));
        var fresh = await SendAsync(_client, Conversation("Is there a fee to close my account?"), noCache: true);
        Assert.Equal("off", fresh.Cache);

        object Prefilled(string text) => new
        {
            model = "sim-fast",
            messages = new object[] { new { role = "user", content = text }, new { role = "assistant", content = "Sure:" } },
        };
        await SendAsync(_client, Prefilled("List three tips for saving money."));
        Assert.Equal("off", (await SendAsync(_client, Prefilled("List three tips for saving money."))).Cache);
    }

    [Fact]
    public async Task A_purge_of_raw_conversations_drops_their_semantic_answers_and_is_audited()
    {
        await SendAsync(_client, Conversation("What is the daily limit for contactless payments?"));
        Assert.Equal(SemanticCacheStatus.Hit, (await SendAsync(_client, Conversation("What's the daily limit for contactless payments?"))).Cache);

        var purge = await _client.SendJsonAsync(HttpMethod.Delete, "/api/v1/prompts/_chat/cache");
        var versioned = await _client.SendJsonAsync(HttpMethod.Delete, "/api/v1/prompts/_chat/cache?version=1");

        Assert.True(purge.Status == HttpStatusCode.OK, purge.Body?.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, versioned.Status);
        Assert.Equal(0, app.Factory.Services.GetRequiredService<SemanticResponseCache>().SizeOf("_chat").Entries);
        Assert.Equal("off", (await SendAsync(_client, Conversation("What's the daily limit for contactless payments?"))).Cache);
    }

    [Fact]
    public async Task The_exact_cache_still_answers_first_when_both_are_on()
    {
        using var both = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Cache:ChatCompletions:Enabled", "true")
            .WithSetting("PromptConsole:Cache:ChatCompletions:Semantic:Enabled", "true")
            .WithSetting("PromptConsole:Cache:ChatCompletions:Semantic:Mode", "serve")
            .WithSetting("PromptConsole:Cache:ChatCompletions:Semantic:VerificationRate", "0");
        var client = both.CreateClient();

        var first = await SendAsync(client, Conversation("How do I block a lost card?"));
        var repeat = await SendAsync(client, Conversation("How do I block a lost card?"));
        var paraphrase = await SendAsync(client, Conversation("How can I block a lost card?"));

        Assert.Equal(("miss", "hit-l1", SemanticCacheStatus.Hit), (first.Cache, repeat.Cache, paraphrase.Cache));
    }

    [Fact]
    public async Task It_is_off_by_default_so_a_paraphrase_goes_to_the_model()
    {
        using var plain = new PromptConsoleFactory();
        var client = plain.CreateClient();

        var first = await SendAsync(client, Conversation("How do I reset my online banking password?"));
        var paraphrase = await SendAsync(client, Conversation("How can I reset my online banking password?"));

        Assert.Equal(("off", "off"), (first.Cache, paraphrase.Cache));
        Assert.NotEqual(first.Text, paraphrase.Text);
    }

    internal static async Task<(string Cache, string Text, Guid ExecutionId)> SendAsync(HttpClient client, object body, bool noCache = false)
    {
        using var request = Post(body, noCache);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var json = JsonNode.Parse(text)!;
        var id = Guid.Parse(response.Headers.GetValues("X-PromptConsole-Execution-Id").Single());
        return (CacheOf(response), (string?)json["choices"]?[0]?["message"]?["content"] ?? string.Empty, id);
    }

}

/// <summary>
/// Shadow mode (the default once switched on) serves nothing, calls the provider, compares and records observations
/// under <c>_chat</c>, which the raw conversations' estimate (<c>GET /api/v1/gateway/semantic-cache/estimate</c>) reads.
/// </summary>
public sealed class RawConversationSemanticShadowTests(RawSemanticShadowApp app) : IClassFixture<RawSemanticShadowApp>
{
    [Fact]
    public async Task Shadow_mode_serves_nothing_and_its_comparisons_feed_the_estimate()
    {
        var client = app.Client;
        var caches = new List<string>();
        foreach (var text in new[] { "How do I order a new debit card?", "How do I order a new debit card?", "How can I order a new debit card?" })
            caches.Add((await RawConversationSemanticCacheTests.SendAsync(client, RawConversationSemanticCacheTests.Conversation(text))).Cache);
        var streamed = await StreamAsync(client, RawConversationSemanticCacheTests.Conversation("How could I order a new debit card?", stream: true));

        Assert.All(caches, c => Assert.Equal("off", c));
        Assert.Equal("off", streamed.Cache);
        Assert.True(streamed.Pieces > 1, "shadow mode streams the provider's own answer");

        await app.Factory.Services.GetRequiredService<SemanticObservationWriter>().FlushAsync(CancellationToken.None);
        var estimate = await client.GetJsonAsync("/api/v1/gateway/semantic-cache/estimate");
        Assert.True(estimate.Status == HttpStatusCode.OK, estimate.Body?.ToJsonString());
        Assert.Equal("_chat", (string?)estimate.Body!["promptKey"]);
        var rows = estimate.Body["rows"]!.AsArray();
        Assert.Equal(0.80, (double)rows[0]!["threshold"]!);
        // The repeat and both paraphrases were would-be hits compared with the provider's own answer (3 in all).
        Assert.Equal(3, (int)rows[0]!["samples"]!);

        // Per model, to choose a model's own threshold: all three were sent to sim-fast, none to sim-smart.
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var onFast = await client.GetJsonAsync("/api/v1/gateway/semantic-cache/estimate?model=sim-fast");
        var onSmart = await client.GetJsonAsync("/api/v1/gateway/semantic-cache/estimate?model=sim-smart");
        var blank = await client.GetJsonAsync("/api/v1/gateway/semantic-cache/estimate?model=");
        Assert.Equal(("sim-fast", 3), ((string?)onFast.Body!["model"], (int)onFast.Body["rows"]![0]!["samples"]!));
        Assert.Equal(("sim-smart", 0), ((string?)onSmart.Body!["model"], (int)onSmart.Body["rows"]![0]!["samples"]!));
        Assert.Null(estimate.Body["model"]);
        Assert.Equal(HttpStatusCode.BadRequest, blank.Status);
        Assert.Equal("model", (string?)blank.Body!["errors"]![0]!["field"]);

        // The cache page's shadow results list raw conversations under their key, as a whole and per model sent to.
        var all = await app.Factory.Services.GetRequiredService<SemanticCacheEstimates>().EstimateAllAsync(CancellationToken.None);
        var conversations = all.Where(e => e.PromptKey == "_chat").Select(e => (e.Model, e.Estimate.Rows[0].Samples)).ToArray();
        Assert.Equal(new (string?, int)[] { (null, 3), ("sim-fast", 3) }, conversations);
    }
}
