using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Caching;
using static PromptConsole.Tests.Caching.RawConversationSemanticCacheTests;

namespace PromptConsole.Tests.Caching;

/// <summary>
/// <c>GET/PUT /api/v1/gateway/semantic-cache</c>, end to end on the simulator with all-MiniLM-L6-v2 on SQLite: the
/// semantic cache of raw conversations switched on without a restart, a model's own threshold, the change audited and
/// saved (a new reader of the database sees it), and bad settings refused field by field with nothing changed.
/// </summary>
public sealed class ConversationSemanticCacheApiTests
{
    private const string Path = "/api/v1/gateway/semantic-cache";

    [Fact]
    public async Task Switched_on_from_the_api_it_serves_paraphrases_while_a_models_own_threshold_holds_that_model_stricter()
    {
        using var factory = new PromptConsoleFactory();
        var client = factory.CreateClient();

        var configured = await client.GetJsonAsync(Path);
        Assert.Equal(HttpStatusCode.OK, configured.Status);
        Assert.Equal(("off", 0.95, "configuration"), ((string?)configured.Body!["mode"], (double)configured.Body["threshold"]!, (string?)configured.Body["source"]));
        Assert.Null(configured.Body["updatedBy"]);

        // Serve, with no verification draw so every hit is served: a paraphrase is answered from the cache at once.
        var serve = await client.SendJsonAsync(HttpMethod.Put, Path, new { mode = "serve", verificationRate = 0 });
        Assert.True(serve.Status == HttpStatusCode.OK, serve.Body?.ToJsonString());
        Assert.Equal(("serve", "saved"), ((string?)serve.Body!["mode"], (string?)serve.Body["source"]));
        Assert.False(string.IsNullOrEmpty((string?)serve.Body["updatedBy"]));
        var first = await SendAsync(client, Conversation("How do I reset my online banking password?"));
        var paraphrase = await SendAsync(client, Conversation("How can I reset my online banking password?"));
        Assert.Equal(("off", SemanticCacheStatus.Hit, first.Text), (first.Cache, paraphrase.Cache, paraphrase.Text));

        // sim-fast gets a threshold no paraphrase reaches; sim-smart keeps the shared 0.95.
        var strict = await client.SendJsonAsync(HttpMethod.Put, Path, new { modelThresholds = new Dictionary<string, double> { ["sim-fast"] = 1.0 } });
        Assert.True(strict.Status == HttpStatusCode.OK, strict.Body?.ToJsonString());
        Assert.Equal(1.0, (double)strict.Body!["modelThresholds"]!["sim-fast"]!);
        Assert.Equal("serve", (string?)strict.Body["mode"]);
        await SendAsync(client, Conversation("What documents do I need to open a savings account?", model: "sim-fast"));
        var onStrictModel = await SendAsync(client, Conversation("Which documents do I need to open a savings account?", model: "sim-fast"));
        await SendAsync(client, Conversation("What documents do I need to open a savings account?", model: "sim-smart"));
        var onSharedModel = await SendAsync(client, Conversation("Which documents do I need to open a savings account?", model: "sim-smart"));
        Assert.NotEqual(SemanticCacheStatus.Hit, onStrictModel.Cache);
        Assert.Equal(SemanticCacheStatus.Hit, onSharedModel.Cache);

        // Audited, and saved: a reader that starts now (a restarted instance) finds the operator's settings, not configuration's.
        var audit = await client.GetJsonAsync("/api/v1/audit");
        var changes = audit.Body!.AsArray().Where(e => (string?)e!["action"] == "cache.conversation-semantic-configured").ToArray();
        Assert.Equal(2, changes.Length);
        Assert.All(changes, e => Assert.Equal(ConversationCacheSettingsStore.AuditTarget, (string?)e!["target"]));
        Assert.Contains(changes, e => ((string?)e!["summary"])!.EndsWith("sim-fast at 1", StringComparison.Ordinal));
        var restarted = ActivatorUtilities.CreateInstance<ConversationCacheSettingsStore>(factory.Services);
        var saved = await restarted.CurrentAsync(CancellationToken.None);
        Assert.Equal((PromptConsole.Domain.Caching.SemanticCacheMode.Serve, 1.0), (saved.Shared.Mode, saved.For("sim-fast").Threshold));
        Assert.Equal(PromptConsole.Domain.Caching.ConversationCacheSettingsSource.Saved, saved.Source);

        // Off again: a paraphrase goes to the model.
        var off = await client.SendJsonAsync(HttpMethod.Put, Path, new { mode = "off" });
        Assert.Equal(HttpStatusCode.OK, off.Status);
        await SendAsync(client, Conversation("How do I close my account?", model: "sim-smart"));
        Assert.Equal("off", (await SendAsync(client, Conversation("How can I close my account?", model: "sim-smart"))).Cache);
    }

    [Fact]
    public async Task Bad_settings_get_a_problem_naming_each_field_and_change_nothing()
    {
        using var factory = new PromptConsoleFactory();
        var client = factory.CreateClient();
        var before = (await client.GetJsonAsync(Path)).Body!.ToJsonString();

        var bad = await client.SendJsonAsync(HttpMethod.Put, Path, new
        {
            mode = "sometimes",
            threshold = 2,
            modelThresholds = new Dictionary<string, double> { ["gpt-nope"] = 0.9, ["sim-fast"] = 0.2 },
        });
        var notJson = await client.SendJsonAsync(HttpMethod.Put, Path, new { threshold = "high" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("application/problem+json", bad.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://promptconsole.dev/problems/invalid-semantic-cache-settings", (string?)bad.Body!["type"]);
        Assert.Equal(
            ["mode", "modelThresholds.gpt-nope", "modelThresholds.sim-fast", "threshold"],
            bad.Body["errors"]!.AsArray().Select(e => (string)e!["field"]!).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal("threshold", (string?)notJson.Body!["errors"]![0]!["field"]);
        Assert.Equal(before, (await client.GetJsonAsync(Path)).Body!.ToJsonString());
    }
}
