using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using static PromptConsole.Tests.Batches.BatchTestClient;

namespace PromptConsole.Tests.Batches;

/// <summary>
/// Provider-batch mode against the OpenAI-compatible server inside the tests: one JSONL file uploaded, one batch
/// created, polled to completion, results mapped back by custom id, each answered item recorded as an execution
/// at the provider's batch discount, and a failed line reported on its item.
/// </summary>
public sealed class ProviderBatchModeTests : IAsyncLifetime
{
    private FakeOpenAiServer _upstream = null!;
    private PromptConsoleFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiServer.StartAsync();
        _upstream.BatchPollsInProgress = 2;
        _upstream.BatchLineFails = customId => customId == "item-2";
        _app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Batches:PollInterval", "00:00:00.100")
            .WithSetting("PromptConsole:Batches:ProviderPollInterval", "00:00:00.100")
            .WithSetting("PromptConsole:Providers:upstream:Kind", "OpenAI")
            .WithSetting("PromptConsole:Providers:upstream:BaseUrl", _upstream.BaseUrl.ToString())
            .WithSetting("PromptConsole:Providers:upstream:ApiKey", "test-key")
            .WithSetting("PromptConsole:Providers:upstream:BatchDiscount", "0.5")
            .WithSetting("PromptConsole:Models:gpt-test:Provider", "upstream")
            .WithSetting("PromptConsole:Models:gpt-test:ProviderModel", "gpt-4o-mini-2024")
            .WithSetting("PromptConsole:Models:gpt-test:InputPer1K", "0.5")
            .WithSetting("PromptConsole:Models:gpt-test:OutputPer1K", "1.5");
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_provider_batch_job_goes_through_the_Batch_API_and_is_priced_at_the_discount()
    {
        var key = NewKey("pb");
        await _client.CreateDeployedPromptAsync(key, new
        {
            template = "Summarise: {{text}}",
            systemText = "Be brief.",
            model = new { model = "gpt-test", temperature = 0.1, maxTokens = 50 },
            variables = new object[] { new { name = "text", required = true } },
        });
        var (status, created, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new
        {
            mode = "provider-batch",
            items = new object[]
            {
                new { variables = new { text = "one" }, customId = "first" },
                new { variables = new { text = "two" } },
                new { variables = new { text = "three" } },
            },
        });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("provider-batch", (string?)created!["mode"]);
        var id = (string)created["id"]!;

        var done = await WaitAsync(_client, id);
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(2, (int)done["counts"]!["succeeded"]!);
        Assert.Equal(1, (int)done["counts"]!["failed"]!);
        Assert.Equal("completed", (string?)done["providerBatch"]!["status"]);

        // One upload, one batch: every line a chat completion with the version's settings, keyed by custom id.
        var batch = Assert.Single(_upstream.Batches);
        Assert.Equal(batch.Id, (string?)done["providerBatch"]!["id"]);
        Assert.Equal("/v1/chat/completions", batch.Endpoint);
        Assert.Equal("24h", batch.CompletionWindow);
        Assert.Equal(id, batch.MetadataJobId);
        var sent = _upstream.FileContent(batch.InputFileId)!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(["item-0", "item-1", "item-2"], sent.Select(l => (string?)l["custom_id"]));
        Assert.All(sent, l => Assert.Equal("/v1/chat/completions", (string?)l["url"]));
        Assert.Equal("gpt-4o-mini-2024", (string?)sent[0]["body"]!["model"]);
        Assert.Equal("Be brief.", (string?)sent[0]["body"]!["messages"]![0]!["content"]);
        Assert.Equal("Summarise: one", (string?)sent[0]["body"]!["messages"]![1]!["content"]);
        Assert.Equal(50, (int)sent[0]["body"]!["max_completion_tokens"]!);
        Assert.Empty(_upstream.Requests);

        // The fake answers 12 input and 8 output tokens: list price (12 × 0.5 + 8 × 1.5) / 1000, half of it charged.
        var discounted = (12 * 0.5m + 8 * 1.5m) / 1000m * 0.5m;
        var lines = await ResultsAsync(_client, id);
        Assert.Equal("first", (string?)lines[0]["customId"]);
        Assert.Equal("Echo: Summarise: one", (string?)lines[0]["output"]);
        Assert.Equal(discounted, (decimal)lines[0]["costUsd"]!);
        Assert.Equal(12, (int)lines[0]["usage"]!["inputTokens"]!);
        Assert.Equal("failed", (string?)lines[2]["status"]);
        Assert.Equal("invalid_request_error", (string?)lines[2]["error"]!["type"]);
        Assert.Equal("Scripted batch line failure.", (string?)lines[2]["error"]!["message"]);
        Assert.Equal(discounted * 2, (decimal)done["costUsd"]!);

        // Answered items are executions of origin batch with the discounted cost.
        await _app.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var execution = await _client.GetJsonAsync($"/api/v1/executions/{(string)lines[1]["executionId"]!}");
        Assert.Equal(HttpStatusCode.OK, execution.Status);
        Assert.Equal("batch", (string?)execution.Body!["origin"]);
        Assert.Equal(discounted, (decimal)execution.Body["costUsd"]!);
        Assert.Equal("gpt-test", (string?)execution.Body["model"]);

        var scrape = await _client.GetStringAsync("/metrics");
        Assert.Contains("promptconsole_batch_queue_wait_seconds_count{mode=\"provider-batch\"} 3", scrape);
    }
}
