using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Tests.Providers;

/// <summary>The OpenAI SDK's chat client as <see cref="ProviderChatClients"/> builds it, against a real HTTP server.</summary>
public sealed class OpenAiProviderChatClientTests : IAsyncLifetime, IDisposable
{
    private static readonly ChatMessage[] Messages =
    [
        new(ChatRole.System, "You answer in one sentence."),
        new(ChatRole.User, "What is the capital of France?"),
    ];

    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _httpClient = new() { Timeout = Timeout.InfiniteTimeSpan };
    private FakeOpenAiServer _server = null!;
    private IChatClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _client = Client(_server.BaseUrl);
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
    public async Task Each_call_sends_the_model_it_names()
    {
        await _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "model-a" });
        await _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "model-b" });

        Assert.Equal(["model-a", "model-b"], _server.Requests.Select(r => r.Model));
    }

    [Fact]
    public async Task A_provider_set_to_max_tokens_sends_only_max_tokens()
    {
        var client = Client(_server.BaseUrl, maxTokensField: "max_tokens");

        await client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test", MaxOutputTokens = 50 });

        var request = Assert.Single(_server.Requests);
        Assert.Equal(50, request.MaxTokens);
        Assert.Null(request.MaxCompletionTokens);
        Assert.DoesNotContain("max_completion_tokens", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_set_to_max_tokens_sends_only_max_tokens_when_streaming_too()
    {
        var client = Client(_server.BaseUrl, maxTokensField: "MAX_TOKENS");

        await foreach (var _ in client.GetStreamingResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test", MaxOutputTokens = 30 }))
        {
        }

        var request = Assert.Single(_server.Requests);
        Assert.True(request.Stream);
        Assert.Equal(30, request.MaxTokens);
        Assert.Null(request.MaxCompletionTokens);
    }

    [Fact]
    public async Task Without_a_limit_neither_field_is_sent()
    {
        var client = Client(_server.BaseUrl, maxTokensField: "max_tokens");

        await client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" });

        var request = Assert.Single(_server.Requests);
        Assert.Null(request.MaxTokens);
        Assert.Null(request.MaxCompletionTokens);
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
    [InlineData(502, ModelErrorTypes.ProviderError, true)]
    [InlineData(503, ModelErrorTypes.ProviderError, true)]
    [InlineData(429, ModelErrorTypes.RateLimited, true)]
    [InlineData(408, ModelErrorTypes.Timeout, true)]
    [InlineData(400, ModelErrorTypes.BadRequest, false)]
    [InlineData(404, ModelErrorTypes.BadRequest, false)]
    [InlineData(401, ModelErrorTypes.Unauthorized, false)]
    [InlineData(403, ModelErrorTypes.Unauthorized, false)]
    public async Task Http_errors_are_translated_once_without_the_sdk_retrying(int status, string errorType, bool transient)
    {
        _server.FailNext(status, times: 5);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(
            () => _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }));

        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(errorType, failure.ErrorType);
        Assert.Equal(transient, failure.IsTransient);
        Assert.Contains($"answered {status}", failure.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_provider_error()
    {
        var client = Client(new Uri($"http://127.0.0.1:{UnusedPort()}/v1"));

        var failure = await Assert.ThrowsAsync<ModelProviderException>(
            () => client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }));

        Assert.True(failure.IsTransient);
        Assert.Equal(ModelErrorTypes.ProviderError, failure.ErrorType);
        Assert.Null(failure.StatusCode);
    }

    [Fact]
    public async Task A_response_that_is_not_json_is_a_provider_error_not_worth_retrying()
    {
        _server.MalformedNext();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(
            () => _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }));

        Assert.Equal(ModelErrorTypes.ProviderError, failure.ErrorType);
        Assert.False(failure.IsTransient);
        Assert.Contains("could not be read", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transport_timeout_is_a_transient_timeout_and_drops_the_request()
    {
        _server.HangNext();
        var client = Client(_server.BaseUrl, networkTimeout: TimeSpan.FromMilliseconds(300));

        var failure = await Assert.ThrowsAsync<ModelProviderException>(
            () => client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }));

        Assert.Equal(ModelErrorTypes.Timeout, failure.ErrorType);
        Assert.True(failure.IsTransient);
        Assert.Null(failure.StatusCode);
        Assert.True(await _server.WaitForAbortedHangAsync(TimeSpan.FromSeconds(10)), "the server never saw the request abandoned");
    }

    [Fact]
    public async Task Caller_cancellation_propagates_and_abandons_the_http_request_promptly()
    {
        _server.HangNext();
        using var cancellation = new CancellationTokenSource();

        var pending = _client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }, cancellation.Token);
        await _server.WaitForRequestsAsync(1);
        var cancelledAt = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => pending);
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.True(cancelledAt.Elapsed < TimeSpan.FromSeconds(5), $"the call ended {cancelledAt.Elapsed} after cancellation");
        Assert.True(await _server.WaitForAbortedHangAsync(TimeSpan.FromSeconds(5)), "the server never saw the request abandoned");
    }

    [Fact]
    public async Task Caller_cancellation_of_a_stream_abandons_the_http_request()
    {
        _server.HangNext();
        using var cancellation = new CancellationTokenSource();

        var pending = Task.Run(async () =>
        {
            await foreach (var _ in _client.GetStreamingResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }, cancellation.Token))
            {
            }
        });
        await _server.WaitForRequestsAsync(1);
        var cancelledAt = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => pending);
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.True(cancelledAt.Elapsed < TimeSpan.FromSeconds(5), $"the stream ended {cancelledAt.Elapsed} after cancellation");
        Assert.True(await _server.WaitForAbortedHangAsync(TimeSpan.FromSeconds(5)), "the server never saw the stream abandoned");
    }

    [Fact]
    public async Task A_missing_model_id_is_a_programming_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetResponseAsync(Messages, new ChatOptions()));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in _client.GetStreamingResponseAsync(Messages))
            {
            }
        });
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Streaming_yields_the_text_and_the_usage_it_asked_for()
    {
        _server.ReplyNext("Paris is the capital.");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test", MaxOutputTokens = 30 }))
            updates.Add(update);

        var request = Assert.Single(_server.Requests);
        Assert.True(request.Stream);
        Assert.Contains("\"include_usage\":true", request.Body, StringComparison.Ordinal);
        Assert.Equal(30, request.MaxCompletionTokens);
        Assert.Null(request.MaxTokens);
        Assert.Equal("Paris is the capital.", string.Concat(updates.Select(u => u.Text)));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Equal(12, usage.Details.InputTokenCount);
        Assert.Equal(8, usage.Details.OutputTokenCount);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
    }

    [Theory]
    [InlineData(503, ModelErrorTypes.ProviderError, true)]
    [InlineData(429, ModelErrorTypes.RateLimited, true)]
    [InlineData(401, ModelErrorTypes.Unauthorized, false)]
    public async Task Streaming_errors_are_translated_too(int status, string errorType, bool transient)
    {
        _server.FailNext(status, times: 5);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(async () =>
        {
            await foreach (var _ in _client.GetStreamingResponseAsync(Messages, new ChatOptions { ModelId = "gpt-test" }))
            {
            }
        });

        Assert.Equal(errorType, failure.ErrorType);
        Assert.Equal(transient, failure.IsTransient);
        Assert.Equal(status, failure.StatusCode);
        Assert.Single(_server.Requests);
    }

    private IChatClient Client(Uri baseUrl, string maxTokensField = MaxTokensFields.MaxCompletionTokens, TimeSpan? networkTimeout = null) =>
        ProviderChatClients.CreateOpenAiClient(
            "openai",
            new ProviderOptions { Kind = ProviderKinds.OpenAI, BaseUrl = baseUrl.ToString(), ApiKey = "test-key", MaxTokensField = maxTokensField },
            _httpClient,
            networkTimeout ?? NetworkTimeout);

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
