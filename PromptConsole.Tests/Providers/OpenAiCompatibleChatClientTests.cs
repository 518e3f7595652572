using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Tests.Providers;

public sealed class OpenAiCompatibleChatClientTests : IAsyncLifetime, IDisposable
{
    private static readonly ChatMessage[] Messages =
    [
        new(ChatRole.System, "You answer in one sentence."),
        new(ChatRole.User, "What is the capital of France?"),
    ];

    private readonly HttpClient _httpClient = new() { Timeout = Timeout.InfiniteTimeSpan };
    private FakeOpenAiServer _server = null!;
    private OpenAiCompatibleChatClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _client = new OpenAiCompatibleChatClient("openai", _server.BaseUrl, "test-key", _httpClient, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _httpClient.Dispose();

    [Fact]
    public async Task Sends_model_messages_temperature_and_max_completion_tokens()
    {
        await _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test", Temperature = 0.25f, MaxOutputTokens = 50 });

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer test-key", request.Authorization);
        Assert.Equal("gpt-test", request.Model);
        Assert.Equal(
            [new RecordedChatMessage("system", "You answer in one sentence."), new RecordedChatMessage("user", "What is the capital of France?")],
            request.Messages);
        Assert.Equal(50, request.MaxCompletionTokens);
        Assert.Null(request.MaxTokens);
        Assert.Equal(0.25, request.Temperature!.Value, precision: 5);
        Assert.False(request.Stream);
    }

    [Fact]
    public async Task Maps_text_usage_and_the_responding_model()
    {
        _server.ResponseModel = "gpt-test-2026-01-01";
        _server.PromptTokens = 21;
        _server.CompletionTokens = 5;
        _server.ReplyNext("Paris.");

        var response = await _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" });

        Assert.Equal("Paris.", response.Text);
        Assert.Equal("gpt-test-2026-01-01", response.ModelId);
        Assert.Equal(21, response.Usage!.InputTokenCount);
        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal(26, response.Usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Theory]
    [InlineData(500, ModelErrorTypes.ProviderError, true)]
    [InlineData(503, ModelErrorTypes.ProviderError, true)]
    [InlineData(429, ModelErrorTypes.RateLimited, true)]
    [InlineData(408, ModelErrorTypes.Timeout, true)]
    [InlineData(400, ModelErrorTypes.BadRequest, false)]
    [InlineData(404, ModelErrorTypes.BadRequest, false)]
    [InlineData(401, ModelErrorTypes.Unauthorized, false)]
    public async Task Http_errors_are_translated_once_without_the_sdk_retrying(int status, string errorType, bool transient)
    {
        _server.FailNext(status, times: 5);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(
            () => _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }));

        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(errorType, failure.ErrorType);
        Assert.Equal(transient, failure.IsTransient);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_provider_error()
    {
        var client = new OpenAiCompatibleChatClient("openai", new Uri($"http://127.0.0.1:{UnusedPort()}/v1"), "k", _httpClient, TimeSpan.FromSeconds(30));

        var failure = await Assert.ThrowsAsync<ModelProviderException>(
            () => client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }));

        Assert.True(failure.IsTransient);
        Assert.Equal(ModelErrorTypes.ProviderError, failure.ErrorType);
        Assert.Null(failure.StatusCode);
    }

    [Fact]
    public async Task Caller_cancellation_propagates_as_operation_cancelled()
    {
        _server.HangNext();
        using var cancellation = new CancellationTokenSource();

        var pending = _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }, cancellation.Token);
        await _server.WaitForRequestsAsync(1);
        await cancellation.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => pending);
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
    }

    [Fact]
    public async Task A_missing_model_id_is_a_programming_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetResponseAsync(Messages, new ChatOptions()));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Streaming_yields_the_text_and_usage()
    {
        _server.ReplyNext("Paris is the capital.");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test", MaxOutputTokens = 30 }))
            updates.Add(update);

        Assert.True(_server.Requests[0].Stream);
        Assert.Equal(30, _server.Requests[0].MaxCompletionTokens);
        Assert.Equal("Paris is the capital.", string.Concat(updates.Select(u => u.Text)));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Equal(12, usage.Details.InputTokenCount);
        Assert.Equal(8, usage.Details.OutputTokenCount);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
    }

    [Fact]
    public async Task Streaming_errors_are_translated_too()
    {
        _server.FailNext(503);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(async () =>
        {
            await foreach (var _ in _client.GetStreamingResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }))
            {
            }
        });

        Assert.True(failure.IsTransient);
        Assert.Equal(503, failure.StatusCode);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
