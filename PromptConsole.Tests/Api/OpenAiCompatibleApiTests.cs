using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Api;

/// <summary>The gateway as an OpenAI client sees it: the official SDK pointed at /v1.</summary>
public sealed class OpenAiCompatibleApiTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private ChatClient Client(string model)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(app.Client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(app.Factory.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(0),
        };
        return new ChatClient(model, new ApiKeyCredential(PromptConsoleFactory.MasterKey), options);
    }

    [Fact]
    public async Task Official_sdk_gets_a_completion_with_usage_and_it_is_recorded()
    {
        ChatCompletion completion = await Client("sim-fast").CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Name a colour.")],
            new ChatCompletionOptions { Temperature = 0.1f, MaxOutputTokenCount = 100 });

        Assert.StartsWith("[simulated]", completion.Content[0].Text);
        Assert.Equal("sim-fast", completion.Model);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.True(completion.Usage.OutputTokenCount > 0);

        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var contexts = app.Factory.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        Assert.Contains(await db.Set<ExecutionRecord>().Where(r => r.PromptKey == "_chat").ToListAsync(), r => r.Model == "sim-fast" && r.CostUsd > 0);
    }

    [Fact]
    public async Task Official_sdk_streams_the_same_text()
    {
        var client = Client("sim-fast");
        ChatMessage[] messages = [new UserChatMessage("Tell me about streams.")];
        ChatCompletion whole = await client.CompleteChatAsync(messages);

        var streamed = new StringBuilder();
        var updates = 0;
        await foreach (var update in client.CompleteChatStreamingAsync(messages))
        {
            foreach (var part in update.ContentUpdate)
                streamed.Append(part.Text);
            updates++;
        }

        Assert.True(updates > 2);
        Assert.Equal(whole.Content[0].Text, streamed.ToString());
    }

    [Fact]
    public async Task A_raw_stream_is_server_sent_events_marked_simulated_with_usage_and_done()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"sim-fast","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await app.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("true", response.Headers.GetValues("X-PromptConsole-Simulated").Single());
        Assert.Contains("\"prompt_tokens\":", body);
        Assert.EndsWith("data: [DONE]\n\n", body);
    }

    [Fact]
    public async Task Fallbacks_answer_when_the_model_keeps_failing()
    {
        var (status, body, response) = await app.Client.PostJsonAsync("/v1/chat/completions",
            """{"model":"sim-broken","fallbacks":["sim-fast"],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("sim-fast", (string?)body!["model"]);
        Assert.True(int.Parse(response.Headers.GetValues("X-PromptConsole-Attempts").Single()) >= 2);
    }

    [Fact]
    public async Task Unknown_model_is_a_404_the_sdk_understands()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client("no-such-model").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, error.Status);
        Assert.Contains("no-such-model", error.Message);
    }

    [Theory]
    [InlineData("""{"messages":[]}""", "model")]
    [InlineData("""{"model":"sim-fast","messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"sim-fast","messages":[{"role":"user","content":42}]}""", "messages[0].content")]
    [InlineData("""{"model":"sim-fast","messages":[{"role":"user","content":"x"}],"temperature":7}""", "temperature")]
    [InlineData("""{"model":"sim-fast","messages":[null]}""", "messages[0]")]
    [InlineData("""{"model":"sim-fast","messages":[{"role":"user","content":"x"}],"fallbacks":[null]}""", "fallbacks[0]")]
    public async Task Bad_requests_are_400_problems_with_an_openai_error_object(string raw, string field)
    {
        var (status, body, _) = await app.Client.PostJsonAsync("/v1/chat/completions", raw);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(body!["errors"]!.AsArray(), e => (string?)e!["field"] == field);
        Assert.Equal("invalid_request_error", (string?)body["error"]!["type"]);
    }

    [Fact]
    public async Task Provider_failure_is_a_502()
    {
        var (status, body, _) = await app.Client.PostJsonAsync("/v1/chat/completions", """{"model":"sim-broken","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("https://promptconsole.dev/problems/provider-failed", (string?)body!["type"]);
    }
}
