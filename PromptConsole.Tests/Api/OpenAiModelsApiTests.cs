using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using OpenAI;
using OpenAI.Models;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

/// <summary><c>GET /v1/models</c>: chat models, the embedding model and managed prompts, in OpenAI's shape.</summary>
public sealed class OpenAiModelsApiTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Lists_the_catalog_the_embedding_model_and_a_created_prompt_as_prompt_key()
    {
        var key = $"models-{Guid.NewGuid():N}"[..20];
        await app.Client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });

        var (status, body, _) = await app.Client.GetJsonAsync("/v1/models");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("list", (string?)body!["object"]);
        var entries = body["data"]!.AsArray().Select(e => (Id: (string)e!["id"]!, Object: (string)e["object"]!, Created: (long)e["created"]!, OwnedBy: (string)e["owned_by"]!)).ToArray();
        Assert.All(entries, e => Assert.Equal("model", e.Object));
        Assert.All(entries, e => Assert.True(e.Created > 0));
        Assert.Contains(entries, e => e.Id == "sim-fast");
        Assert.Contains(entries, e => e.Id == "sim-broken" && e.OwnedBy == "broken");
        Assert.Contains(entries, e => e.Id == "all-minilm-l6-v2" && e.OwnedBy == "promptconsole");
        Assert.Contains(entries, e => e.Id == $"prompt:{key}" && e.OwnedBy == "promptconsole");
    }

    private OpenAIModelClient ModelClient() => new(
        new ApiKeyCredential(PromptConsoleFactory.MasterKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(app.Client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(app.Factory.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(0),
        });

    [Fact]
    public async Task The_official_sdk_reads_the_list()
    {
        var client = ModelClient();

        OpenAIModelCollection models = await client.GetModelsAsync();

        Assert.Contains(models, m => m.Id == "sim-fast" && m.CreatedAt > DateTimeOffset.UnixEpoch);
        Assert.Contains(models, m => m.Id == "all-minilm-l6-v2");
    }

    [Theory]
    [InlineData("sim-fast", "simulator")]
    [InlineData("SIM-FAST", "simulator")]
    [InlineData("all-minilm-l6-v2", "promptconsole")]
    public async Task Retrieves_one_model_by_name(string name, string ownedBy)
    {
        var (status, body, _) = await app.Client.GetJsonAsync($"/v1/models/{name}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(name, (string?)body!["id"], ignoreCase: true);
        Assert.Equal("model", (string?)body["object"]);
        Assert.Equal(ownedBy, (string?)body["owned_by"]);
        Assert.True((long)body["created"]! > 0);
    }

    [Fact]
    public async Task Retrieves_a_prompt_by_its_model_name_and_answers_404_for_an_unknown_one()
    {
        var key = $"models-{Guid.NewGuid():N}"[..20];
        await app.Client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });

        var (status, body, _) = await app.Client.GetJsonAsync($"/v1/models/prompt:{key}");
        var (missingStatus, missing, _) = await app.Client.GetJsonAsync("/v1/models/org/no-such-model");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"prompt:{key}", (string?)body!["id"]);
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal("model-not-found", (string?)missing!["code"]);
        Assert.Equal("invalid_request_error", (string?)missing["error"]!["type"]);
        Assert.Contains("org/no-such-model", (string?)missing["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_sdk_retrieves_one_model()
    {
        var client = ModelClient();

        OpenAIModel model = await client.GetModelAsync("sim-smart");

        Assert.Equal("sim-smart", model.Id);
        Assert.Equal("simulator", model.OwnedBy);
    }
}
