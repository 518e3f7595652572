using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Tests.Providers;

public sealed class ResilientModelInvokerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly ModelProvidersOptions _options = new()
    {
        // No retry delay so tests never wait; the breaker stays out of the way unless a test lowers it.
        Resilience = new ResilienceOptions
        {
            AttemptTimeoutMs = 1_000,
            MaxRetries = 2,
            RetryBaseDelayMs = 0,
            BreakerFailureRatio = 0.5,
            BreakerMinimumThroughput = 1_000,
            BreakerSamplingSeconds = 30,
            BreakerBreakSeconds = 30,
        },
    };

    private FakeOpenAiServer _server = null!;
    private readonly List<ProviderChatClients> _clients = [];

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _options.Providers["simulator"] = new ProviderOptions { Kind = ProviderKinds.Simulator };
        _options.Providers["sim-flaky"] = new ProviderOptions { Kind = ProviderKinds.Simulator, ErrorRate = 1.0 };
        _options.Providers["upstream"] = new ProviderOptions { Kind = ProviderKinds.OpenAI, BaseUrl = _server.BaseUrl.ToString(), ApiKey = "k" };
        _options.Providers["switched-off"] = new ProviderOptions { Kind = ProviderKinds.Simulator, Enabled = false };
        _options.Models["sim-fast"] = new ModelOptions { Provider = "simulator", InputPer1K = 0.00015m, OutputPer1K = 0.0006m };
        _options.Models["sim-smart"] = new ModelOptions { Provider = "simulator", InputPer1K = 0.0025m, OutputPer1K = 0.01m };
        _options.Models["sim-flaky"] = new ModelOptions { Provider = "sim-flaky" };
        _options.Models["gpt-test"] = new ModelOptions { Provider = "upstream", ProviderModel = "gpt-upstream-name", InputPer1K = 0.001m, OutputPer1K = 0.002m };
        _options.Models["sim-off"] = new ModelOptions { Provider = "switched-off" };
    }

    public async Task DisposeAsync()
    {
        foreach (var clients in _clients)
            clients.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_the_call_succeeds()
    {
        _server.FailNext(503, times: 2);

        var outcome = await Invoker().InvokeAsync(Request("gpt-test"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal("gpt-test", outcome.Model);
        Assert.Equal(["gpt-test"], outcome.ModelsTried);
        Assert.Equal("Echo: Say hello.", outcome.Text);
        Assert.Equal(12, outcome.InputTokens);
        Assert.Equal(8, outcome.OutputTokens);
        Assert.False(outcome.Simulated);
    }

    [Fact]
    public async Task The_provider_model_name_system_text_and_settings_are_sent_upstream()
    {
        await Invoker().InvokeAsync(
            new ModelCallRequest(new ModelSettings("gpt-test", Temperature: 0.5, MaxTokens: 64), "Be terse.", "Say hello."),
            CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("gpt-upstream-name", request.Model);
        Assert.Equal([new RecordedChatMessage("system", "Be terse."), new RecordedChatMessage("user", "Say hello.")], request.Messages);
        Assert.Equal(64, request.MaxCompletionTokens);
        Assert.Equal(0.5, request.Temperature!.Value, precision: 5);
    }

    [Fact]
    public async Task When_the_primary_keeps_failing_the_fallback_answers()
    {
        var outcome = await Invoker().InvokeAsync(Request("sim-flaky", "sim-fast"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        Assert.Equal("sim-fast", outcome.Model);
        Assert.Equal(["sim-flaky", "sim-fast"], outcome.ModelsTried);
        Assert.Equal(3 + 1, outcome.Attempts);
        Assert.True(outcome.Simulated);
        Assert.StartsWith("[simulated]", outcome.Text);
        Assert.Null(outcome.ErrorType);
    }

    [Fact]
    public async Task A_non_transient_error_is_not_retried_but_does_fall_back()
    {
        _server.FailNext(400, times: 5);

        var alone = await Invoker().InvokeAsync(Request("gpt-test"), CancellationToken.None);
        var withFallback = await Invoker().InvokeAsync(Request("gpt-test", "sim-fast"), CancellationToken.None);

        Assert.False(alone.Succeeded);
        Assert.Equal(ModelErrorTypes.BadRequest, alone.ErrorType);
        Assert.Equal(1, alone.Attempts);
        Assert.Contains("gpt-test", alone.ErrorMessage);
        Assert.True(withFallback.Succeeded);
        Assert.Equal("sim-fast", withFallback.Model);
        Assert.Equal(2, withFallback.Attempts);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task When_every_model_fails_the_outcome_names_the_last_error_and_all_attempts()
    {
        _server.FailNext(429, times: 10);

        var outcome = await Invoker().InvokeAsync(Request("sim-flaky", "gpt-test"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Text);
        Assert.Equal("gpt-test", outcome.Model);
        Assert.Equal(6, outcome.Attempts);
        Assert.Equal(ModelErrorTypes.RateLimited, outcome.ErrorType);
        Assert.Contains("sim-flaky", outcome.ErrorMessage);
        Assert.Contains("gpt-test: rate_limited", outcome.ErrorMessage);
    }

    [Fact]
    public async Task An_attempt_that_hangs_times_out_and_the_retry_succeeds()
    {
        _server.HangNext();
        var invoker = Invoker();

        var pending = invoker.InvokeAsync(Request("gpt-test"), CancellationToken.None);
        await _server.WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(_options.Resilience.AttemptTimeoutMs));
        var outcome = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Attempts_that_keep_hanging_end_as_a_timeout()
    {
        var hanging = new HangingChatClient();
        var invoker = Invoker(hanging);

        var pending = invoker.InvokeAsync(Request("sim-fast"), CancellationToken.None);
        for (var attempt = 0; attempt <= _options.Resilience.MaxRetries; attempt++)
        {
            await hanging.Started.WaitAsync(TimeSpan.FromSeconds(30));
            _time.Advance(TimeSpan.FromMilliseconds(_options.Resilience.AttemptTimeoutMs));
        }

        var outcome = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(outcome.Succeeded);
        Assert.Equal(ModelErrorTypes.Timeout, outcome.ErrorType);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal(3, hanging.Calls);
    }

    [Fact]
    public async Task The_breaker_opens_after_failures_then_short_circuits_until_the_break_ends()
    {
        _options.Resilience.MaxRetries = 0;
        _options.Resilience.BreakerMinimumThroughput = 2;
        var invoker = Invoker();

        var first = await invoker.InvokeAsync(Request("sim-flaky", "sim-fast"), CancellationToken.None);
        var second = await invoker.InvokeAsync(Request("sim-flaky", "sim-fast"), CancellationToken.None);
        Assert.Equal(CircuitState.Open, invoker.GetCircuitState("sim-flaky"));

        var shortCircuited = await invoker.InvokeAsync(Request("sim-flaky", "sim-fast"), CancellationToken.None);
        var alone = await invoker.InvokeAsync(Request("sim-flaky"), CancellationToken.None);

        Assert.All([first, second], outcome => Assert.Equal(2, outcome.Attempts));
        Assert.True(shortCircuited.Succeeded);
        Assert.Equal("sim-fast", shortCircuited.Model);
        Assert.Equal(["sim-flaky", "sim-fast"], shortCircuited.ModelsTried);
        Assert.Equal(1, shortCircuited.Attempts);
        Assert.False(alone.Succeeded);
        Assert.Equal(ModelErrorTypes.CircuitOpen, alone.ErrorType);
        Assert.Equal(0, alone.Attempts);
        Assert.Equal(CircuitState.Closed, invoker.GetCircuitState("sim-fast"));

        _time.Advance(TimeSpan.FromSeconds(_options.Resilience.BreakerBreakSeconds));
        var probe = await invoker.InvokeAsync(Request("sim-flaky"), CancellationToken.None);

        Assert.Equal(1, probe.Attempts);
        Assert.Contains(probe.ErrorType, new[] { ModelErrorTypes.ProviderError, ModelErrorTypes.RateLimited });
        Assert.Equal(CircuitState.Open, invoker.GetCircuitState("sim-flaky"));
    }

    [Fact]
    public async Task Caller_cancellation_propagates_and_is_not_retried_or_counted()
    {
        var hanging = new HangingChatClient();
        _options.Resilience.BreakerMinimumThroughput = 2;
        var invoker = Invoker(hanging);
        using var cancellation = new CancellationTokenSource();

        var pending = invoker.InvokeAsync(Request("sim-fast", "sim-smart"), cancellation.Token);
        await hanging.Started.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(1, hanging.Calls);
        Assert.Equal(CircuitState.Closed, invoker.GetCircuitState("sim-fast"));
    }

    [Fact]
    public async Task Unknown_models_and_models_of_disabled_providers_are_skipped_as_unknown()
    {
        var invoker = Invoker();

        var onlyUnknown = await invoker.InvokeAsync(Request("no-such-model", "sim-off"), CancellationToken.None);
        var thenKnown = await invoker.InvokeAsync(Request("no-such-model", "sim-smart"), CancellationToken.None);

        Assert.False(onlyUnknown.Succeeded);
        Assert.Equal(ModelErrorTypes.UnknownModel, onlyUnknown.ErrorType);
        Assert.Equal(0, onlyUnknown.Attempts);
        Assert.Equal(["no-such-model", "sim-off"], onlyUnknown.ModelsTried);
        Assert.True(thenKnown.Succeeded);
        Assert.Equal("sim-smart", thenKnown.Model);
        Assert.Equal(1, thenKnown.Attempts);
    }

    [Fact]
    public async Task Repeated_models_in_the_chain_are_tried_once()
    {
        var outcome = await Invoker().InvokeAsync(Request("sim-flaky", "sim-flaky", "sim-fast"), CancellationToken.None);

        Assert.Equal(["sim-flaky", "sim-fast"], outcome.ModelsTried);
        Assert.Equal(4, outcome.Attempts);
    }

    [Fact]
    public async Task Cost_follows_from_the_outcome_tokens_and_the_catalog_price()
    {
        var catalog = new ModelCatalog(_options);
        var outcome = await Invoker().InvokeAsync(Request("sim-smart"), CancellationToken.None);

        var cost = catalog.Find(outcome.Model)!.Cost(outcome.InputTokens, outcome.OutputTokens);

        Assert.True(outcome.InputTokens > 0);
        Assert.InRange(outcome.OutputTokens, 40, 220);
        Assert.Equal(Math.Round((outcome.InputTokens * 0.0025m + outcome.OutputTokens * 0.01m) / 1000m, 8), cost);
        Assert.True(cost > 0);
    }

    private ResilientModelInvoker Invoker(IChatClient? simulatorReplacement = null)
    {
        var catalog = new ModelCatalog(_options);
        var clients = ProviderChatClients.Create(_options, _time);
        _clients.Add(clients);
        if (simulatorReplacement is not null)
        {
            var replaced = clients.ProviderNames.ToDictionary(name => name, name => clients.Find(name)!, StringComparer.OrdinalIgnoreCase);
            replaced["simulator"] = simulatorReplacement;
            clients = new ProviderChatClients(replaced);
        }

        return new ResilientModelInvoker(catalog, clients, _options.Resilience, _time);
    }

    private static ModelCallRequest Request(string model, params string[] fallbacks) =>
        new(new ModelSettings(model, FallbackModels: fallbacks), SystemText: null, UserText: "Say hello.");

    /// <summary>Never answers; each call signals <see cref="Started"/> and waits for its token.</summary>
    private sealed class HangingChatClient : IChatClient
    {
        private int _calls;

        public SemaphoreSlim Started { get; } = new(0);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            Started.Release();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("Unreachable: the delay only ends by cancellation.");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() => Started.Dispose();
    }
}
