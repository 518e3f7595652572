using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Api;

/// <summary>
/// Managed prompts through <c>/v1/chat/completions</c> (<c>model: "prompt:{key}"</c>): the execution API's routing
/// (labels, pins, experiments) answers an OpenAI client, and the response says which version, experiment and arm served.
/// </summary>
public sealed class OpenAiPromptModelTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>v1 (production) and v2, both on the simulator; v2 greets differently.</summary>
    private async Task<string> CreatePromptAsync()
    {
        var key = NewKey("oai");
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "Hi {{name}}!", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        return key;
    }

    private Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> CompleteAsync(object body) =>
        _client.PostJsonAsync("/v1/chat/completions", body);

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : string.Empty;

    [Fact]
    public async Task A_prompt_model_runs_the_managed_prompt_on_its_production_label_and_is_recorded_as_an_openai_execution()
    {
        var prompt = await CreatePromptAsync();

        var (status, body, response) = await CompleteAsync(new { model = $"prompt:{prompt}", messages = Array.Empty<object>(), prompt_variables = new { name = "Ada" } });

        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
        Assert.Equal("chat.completion", (string?)body!["object"]);
        Assert.StartsWith("[simulated]", (string?)body["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);
        Assert.Equal((prompt, 1), ((string?)body["prompt"]!["key"], (int)body["prompt"]!["version"]!));
        Assert.Equal(("label", "production"), ((string?)body["route"]!["kind"], (string?)body["route"]!["id"]));
        Assert.True((int)body["usage"]!["prompt_tokens"]! > 0);
        Assert.Equal(("label:production", "1"), (Header(response, "X-PromptConsole-Route"), Header(response, "X-PromptConsole-Prompt-Version")));

        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var record = await _client.GetJsonAsync($"/api/v1/executions/{Header(response, "X-PromptConsole-Execution-Id")}");
        Assert.Equal(HttpStatusCode.OK, record.Status);
        Assert.Equal((prompt, "openai_compatible"), ((string?)record.Body!["prompt"]!["key"], (string?)record.Body["origin"]));
    }

    [Fact]
    public async Task A_version_or_a_label_can_be_named_after_the_key()
    {
        var prompt = await CreatePromptAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/staging", new { version = 2 })).Status);

        var pinned = await CompleteAsync(new { model = $"prompt:{prompt}@2", prompt_variables = new { name = "Ada" } });
        Assert.Equal(2, (int)pinned.Body!["prompt"]!["version"]!);
        var staging = await CompleteAsync(new { model = $"prompt:{prompt}@staging", prompt_variables = new { name = "Ada" } });
        Assert.Equal((2, "label", "staging"), ((int)staging.Body!["prompt"]!["version"]!, (string?)staging.Body["route"]!["kind"], (string?)staging.Body["route"]!["id"]));
    }

    [Fact]
    public async Task A_running_experiment_serves_an_openai_client_the_same_arm_as_the_execution_api_for_the_same_user()
    {
        var prompt = await CreatePromptAsync();
        var experiment = NewKey("ab");
        var created = await _client.PostJsonAsync("/api/v1/experiments", new
        {
            key = experiment,
            prompt,
            hypothesis = "a warmer greeting",
            arms = new object[] { new { name = "control", version = 1, weight = 50 }, new { name = "warm", version = 2, weight = 50 } },
            primaryMetric = "successRate",
            minSamplesPerArm = 100,
        });
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/experiments/{experiment}/start")).Status);

        var arms = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 12; i++)
        {
            var user = $"customer-{i}";
            var chat = await CompleteAsync(new { model = $"prompt:{prompt}", user, prompt_variables = new { name = "Ada" } });
            Assert.True(chat.Status == HttpStatusCode.OK, chat.Body?.ToJsonString());
            var route = chat.Body!["route"]!;
            Assert.Equal(("experiment", experiment), ((string?)route["kind"], (string?)route["experiment"]));
            var arm = (string)route["arm"]!;
            Assert.Equal((experiment, arm), (Header(chat.Response, "X-PromptConsole-Experiment"), Header(chat.Response, "X-PromptConsole-Arm")));
            Assert.Equal(arm == "warm" ? 2 : 1, (int)chat.Body["prompt"]!["version"]!);

            var executed = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" }, subject = user });
            Assert.Equal(arm, (string?)executed.Body!["route"]!["arm"]);
            arms.Add(arm);
        }

        // Twelve users over a 50/50 split land on both arms (all on one has probability 2 × 0.5^12 for this hash).
        Assert.Equal(["control", "warm"], arms.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_official_sdk_streams_a_managed_prompt_with_its_route_on_the_first_chunk()
    {
        // A prompt without variables: a stock SDK sends no prompt_variables.
        var prompt = NewKey("oai-plain");
        await _client.CreateDeployedPromptAsync(prompt, new { template = "Say hello.", model = new { model = "sim-fast" } });
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(_client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(app.Factory.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(0),
        };
        var sdk = new ChatClient($"prompt:{prompt}", new ApiKeyCredential(PromptConsoleFactory.MasterKey), options);
        var text = new StringBuilder();
        await foreach (var update in sdk.CompleteChatStreamingAsync([], new ChatCompletionOptions { EndUserId = "customer-1" }))
        {
            foreach (var part in update.ContentUpdate)
                text.Append(part.Text);
        }

        Assert.StartsWith("[simulated]", text.ToString(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(
                """{"model":"prompt:KEY","stream":true,"stream_options":{"include_usage":true}}""".Replace("KEY", prompt, StringComparison.Ordinal),
                Encoding.UTF8,
                "application/json"),
        };
        using var response = await _client.SendAsync(request);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToArray();
        Assert.Equal(("label", prompt), ((string?)chunks[0]["route"]!["kind"], (string?)chunks[0]["prompt"]!["key"]));
        // The version has no output checks, so the provider's pieces are passed on as they come, then the stop and the usage.
        var content = chunks[..^2].Select(c => (string?)c["choices"]![0]!["delta"]!["content"]).ToArray();
        Assert.StartsWith("[simulated]", string.Concat(content), StringComparison.Ordinal);
        Assert.Equal("stop", (string?)chunks[^2]["choices"]![0]!["finish_reason"]);
        Assert.True((int)chunks[^1]["usage"]!["completion_tokens"]! > 0);
        Assert.Equal("data: [DONE]", events[^1]);
    }

    [Theory]
    [InlineData("""{"model":"prompt:Not A Key","prompt_variables":{"name":"Ada"}}""", "model")]
    [InlineData("""{"model":"prompt:greet@","prompt_variables":{"name":"Ada"}}""", "model")]
    [InlineData("""{"model":"prompt:{0}","messages":[{"role":"user","content":"hi"}],"prompt_variables":{"name":"Ada"}}""", "messages")]
    [InlineData("""{"model":"prompt:{0}","temperature":0.5,"prompt_variables":{"name":"Ada"}}""", "temperature")]
    [InlineData("""{"model":"prompt:{0}","max_tokens":10,"prompt_variables":{"name":"Ada"}}""", "max_tokens")]
    [InlineData("""{"model":"prompt:{0}","fallbacks":["sim-fast"],"prompt_variables":{"name":"Ada"}}""", "fallbacks")]
    [InlineData("""{"model":"prompt:{0}"}""", "variables.name")]
    public async Task Bad_prompt_requests_are_400_problems_naming_the_field_and_run_nothing(string raw, string field)
    {
        var prompt = await CreatePromptAsync();
        var (status, body, _) = await _client.PostJsonAsync("/v1/chat/completions", raw.Replace("{0}", prompt, StringComparison.Ordinal));

        Assert.True(status == HttpStatusCode.BadRequest, body?.ToJsonString());
        Assert.Contains(body!["errors"]!.AsArray(), e => (string?)e!["field"] == field);
        Assert.Equal("invalid_request_error", (string?)body["error"]!["type"]);
        var executions = await _client.GetJsonAsync($"/api/v1/executions?prompt={prompt}");
        Assert.Empty(executions.Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_prompt_is_a_404()
    {
        var (status, body, _) = await CompleteAsync(new { model = "prompt:no-such-prompt", prompt_variables = new { name = "Ada" } });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("invalid_request_error", (string?)body!["error"]!["type"]);
    }
}
