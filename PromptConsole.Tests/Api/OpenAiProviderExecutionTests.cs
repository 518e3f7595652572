using System.Net;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

/// <summary>The execution API end to end with a real OpenAI-compatible provider (a server inside the test).</summary>
public sealed class OpenAiProviderExecutionTests : IAsyncLifetime
{
    private FakeOpenAiServer _upstream = null!;
    private PromptConsoleFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiServer.StartAsync();
        _app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Providers:upstream:Kind", "OpenAI")
            .WithSetting("PromptConsole:Providers:upstream:BaseUrl", _upstream.BaseUrl.ToString())
            .WithSetting("PromptConsole:Providers:upstream:ApiKey", "test-key")
            .WithSetting("PromptConsole:Providers:upstream:Enabled", "true")
            .WithSetting("PromptConsole:Models:gpt-test:Provider", "upstream")
            .WithSetting("PromptConsole:Models:gpt-test:ProviderModel", "gpt-4o-mini-2024")
            .WithSetting("PromptConsole:Models:gpt-test:InputPer1K", "0.5")
            .WithSetting("PromptConsole:Models:gpt-test:OutputPer1K", "1.5");
        _client = _app.CreateClient();
        await _client.CreateDeployedPromptAsync("translate", new
        {
            template = "Translate to {{language}}: {{text}}",
            systemText = "You translate faithfully.",
            model = new { model = "gpt-test", temperature = 0.2, maxTokens = 64, fallbackModels = new[] { "sim-fast" } },
            variables = new object[] { new { name = "language", type = "Enum", allowedValues = new[] { "French", "Spanish" } }, new { name = "text", type = "Text" } },
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task The_rendered_prompt_reaches_the_provider_and_usage_prices_the_answer()
    {
        _upstream.ReplyNext("Bonjour le monde");
        var (status, body, _) = await _client.PostJsonAsync("/api/v1/prompts/translate/execute", new { variables = new { language = "French", text = "Hello world" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bonjour le monde", (string?)body!["output"]);
        Assert.Equal("gpt-test", (string?)body["model"]);
        Assert.False((bool)body["simulated"]!);
        Assert.Equal(12, (int)body["usage"]!["inputTokens"]!);
        Assert.Equal(8, (int)body["usage"]!["outputTokens"]!);
        Assert.Equal((12 * 0.5m + 8 * 1.5m) / 1000m, (decimal)body["costUsd"]!);

        var sent = Assert.Single(_upstream.Requests);
        Assert.Equal("gpt-4o-mini-2024", sent.Model);
        Assert.Equal("Translate to French: Hello world", sent.LastUserMessage);
        Assert.Equal("You translate faithfully.", sent.Messages[0].Content);
        Assert.Equal(64, sent.MaxCompletionTokens);
    }

    [Fact]
    public async Task A_transient_upstream_failure_is_retried_and_the_attempts_are_reported()
    {
        _upstream.FailNext(503, times: 1);
        var (status, body, _) = await _client.PostJsonAsync("/api/v1/prompts/translate/execute", new { variables = new { language = "Spanish", text = "Good night" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("gpt-test", (string?)body!["model"]);
        Assert.Equal(2, (int)body["attempts"]!);
        Assert.Equal(2, _upstream.Requests.Count);
    }

    [Fact]
    public async Task An_upstream_that_keeps_failing_falls_back_to_the_next_model()
    {
        _upstream.FailNext(500, times: 10);
        var (status, body, _) = await _client.PostJsonAsync("/api/v1/prompts/translate/execute", new { variables = new { language = "Spanish", text = "Good night" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("sim-fast", (string?)body!["model"]);
        Assert.Equal(new[] { "gpt-test", "sim-fast" }, body["modelsTried"]!.AsArray().Select(m => (string?)m).ToArray());
        Assert.Equal(4, (int)body["attempts"]!);
    }
}
