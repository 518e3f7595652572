using System.Collections.Frozen;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Walks the version's model chain (primary, then fallbacks). Each model has its own pipeline, built
/// once at start-up: retry on transient errors with exponential backoff and jitter → circuit breaker
/// (shared by all requests to that model) → per-attempt timeout. When a model gives up (retries
/// exhausted, breaker open, or an error retrying cannot fix) the next model is tried. Every attempt
/// is a <c>chat {model}</c> span; a model skipped without an attempt (breaker open, unknown) is an
/// event on the calling span.
/// </summary>
public sealed class ResilientModelInvoker : IModelInvoker
{
    private readonly FrozenDictionary<string, ModelRoute> _routes;
    private readonly PromptConsoleTracing _tracing;

    public ResilientModelInvoker(ModelCatalog catalog, ProviderChatClients clients, ResilienceOptions resilience, TimeProvider timeProvider, PromptConsoleTracing? tracing = null)
    {
        _tracing = tracing ?? PromptConsoleTracing.Off;

        // The catalog is fixed at start-up, so every pipeline (and its breaker) is built here, once.
        var routes = new Dictionary<string, ModelRoute>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in catalog.Entries)
        {
            var client = clients.Find(entry.Provider)
                ?? throw new InvalidOperationException($"Model '{entry.Model}' names provider '{entry.Provider}', which has no chat client.");
            var breakerState = new CircuitBreakerStateProvider();
            routes[entry.Model] = new ModelRoute(entry, client, BuildPipeline(entry.Model, resilience, timeProvider, breakerState), breakerState);
        }

        _routes = routes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The breaker state of a model (for health and the console); null for unknown models.</summary>
    public CircuitState? GetCircuitState(string model) => _routes.TryGetValue(model, out var route) ? route.BreakerState.CircuitState : null;

    public async Task<ModelCallOutcome> InvokeAsync(ModelCallRequest request, CancellationToken cancellationToken)
    {
        var chain = await WalkChainAsync(request, static (state, token) => state.AttemptAsync(token), cancellationToken).ConfigureAwait(false);
        if (chain.Route is { } route)
            return Succeeded(route, chain.Value!, chain.Call, chain.ModelsTried);

        return new ModelCallOutcome(
            Succeeded: false,
            Text: null,
            Model: chain.LastModel,
            Attempts: chain.Call.Attempts,
            InputTokens: 0,
            OutputTokens: 0,
            Simulated: chain.LastSimulated,
            ErrorType: chain.ErrorType,
            ErrorMessage: chain.ErrorMessage,
            ModelsTried: chain.ModelsTried);
    }

    public async Task<ModelStreamStart> StartStreamAsync(ModelCallRequest request, CancellationToken cancellationToken)
    {
        // An attempt succeeds once the first update is in hand, so retries and fallbacks cover the start of the stream.
        var chain = await WalkChainAsync(request, static (state, token) => state.StartStreamAttemptAsync(token), cancellationToken).ConfigureAwait(false);
        return chain.Route is { } route
            ? new ModelStreamStart(true, route.Entry.Model, chain.Call.Attempts, route.Entry.Simulated, null, null, chain.ModelsTried, chain.Value.First, chain.Value.Remaining)
            : new ModelStreamStart(false, chain.LastModel, chain.Call.Attempts, chain.LastSimulated, chain.ErrorType, chain.ErrorMessage, chain.ModelsTried, null, null);
    }

    /// <summary>
    /// Walks the model chain (primary, then fallbacks), running <paramref name="attempt"/> through each
    /// model's pipeline until one succeeds. <see cref="ChainResult{T}.Route"/> is the model that answered, or null.
    /// </summary>
    private async Task<ChainResult<T>> WalkChainAsync<T>(
        ModelCallRequest request,
        Func<CallState, CancellationToken, ValueTask<T>> attempt,
        CancellationToken cancellationToken)
    {
        var settings = request.Settings;
        var fallbacks = settings.Fallbacks;
        var call = new CallState(BuildMessages(request), settings, _tracing, cancellationToken);
        var modelsTried = new List<string>(1 + fallbacks.Count);
        StringBuilder? failures = null;
        string? lastErrorType = null;

        // Index -1 is the primary; walking by index avoids allocating ModelSettings.ModelChain per call.
        for (var index = -1; index < fallbacks.Count; index++)
        {
            var model = index < 0 ? settings.Model : fallbacks[index];
            if (modelsTried.Contains(model))
                continue;
            modelsTried.Add(model);

            if (!_routes.TryGetValue(model, out var route))
            {
                lastErrorType = ModelErrorTypes.UnknownModel;
                AppendFailure(ref failures, model, lastErrorType, "the model is not in the catalog or its provider is disabled");
                AddSkippedEvent(model, lastErrorType);
                continue;
            }

            call.Route = route;
            call.Options = new ChatOptions
            {
                ModelId = route.Entry.ProviderModel,
                Temperature = settings.Temperature is { } temperature ? (float)temperature : null,
                MaxOutputTokens = settings.MaxTokens,
            };

            try
            {
                var value = await route.Pipeline.ExecuteAsync(
                    static (state, token) => state.Attempt(state.Call, token),
                    (Call: call, Attempt: attempt),
                    cancellationToken).ConfigureAwait(false);
                return new ChainResult<T>(route, value, call, modelsTried, null, null, route.Entry.Model, route.Entry.Simulated);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                lastErrorType = ClassifyError(exception);
                AppendFailure(ref failures, route.Entry.Model, lastErrorType, exception.Message);
                if (exception is BrokenCircuitException)
                    AddSkippedEvent(route.Entry.Model, lastErrorType);
            }
        }

        var lastModel = modelsTried.Count > 0 ? modelsTried[^1] : settings.Model;
        var last = _routes.GetValueOrDefault(lastModel);
        return new ChainResult<T>(
            null,
            default,
            call,
            modelsTried,
            lastErrorType ?? ModelErrorTypes.UnknownModel,
            failures?.ToString() ?? "No model to call.",
            last?.Entry.Model ?? lastModel,
            last?.Entry.Simulated ?? false);
    }

    /// <summary>A model the chain passed over without an attempt, so no attempt span shows it.</summary>
    private static void AddSkippedEvent(string model, string errorType) =>
        Activity.Current?.AddEvent(new ActivityEvent("promptconsole.model.skipped", tags: new ActivityTagsCollection
        {
            { SpanAttributeNames.GenAiRequestModel, model },
            { SpanAttributeNames.ErrorType, errorType },
        }));

    private sealed record ChainResult<T>(
        ModelRoute? Route,
        T? Value,
        CallState Call,
        List<string> ModelsTried,
        string? ErrorType,
        string? ErrorMessage,
        string LastModel,
        bool LastSimulated);

    /// <summary>
    /// The error type of one attempt, seen inside the pipeline: a cancellation the caller did not ask
    /// for is the pipeline's attempt timeout (Polly turns it into <see cref="TimeoutRejectedException"/> outside).
    /// </summary>
    public static string ClassifyAttemptError(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException when callerToken.IsCancellationRequested => "cancelled",
        OperationCanceledException => ModelErrorTypes.Timeout,
        _ => ClassifyError(exception),
    };

    /// <summary>The stable error type for an exception that ended one model's turn in the chain.</summary>
    public static string ClassifyError(Exception exception) => exception switch
    {
        BrokenCircuitException => ModelErrorTypes.CircuitOpen,
        TimeoutRejectedException => ModelErrorTypes.Timeout,
        ModelProviderException provider => provider.ErrorType,
        _ => ModelErrorTypes.ProviderError,
    };

    private static ModelCallOutcome Succeeded(ModelRoute route, ChatResponse response, CallState call, List<string> modelsTried)
    {
        var text = response.Text;
        var (inputTokens, outputTokens) = call.TokensOf(response);
        return new ModelCallOutcome(
            Succeeded: true,
            Text: text,
            Model: route.Entry.Model,
            Attempts: call.Attempts,
            InputTokens: inputTokens,
            OutputTokens: outputTokens,
            Simulated: route.Entry.Simulated,
            ErrorType: null,
            ErrorMessage: null,
            ModelsTried: modelsTried);
    }

    private static ResiliencePipeline BuildPipeline(string model, ResilienceOptions resilience, TimeProvider timeProvider, CircuitBreakerStateProvider breakerState)
    {
        var builder = new ResiliencePipelineBuilder { Name = $"model:{model}", TimeProvider = timeProvider };
        var transient = new PredicateBuilder().Handle<ModelProviderException>(e => e.IsTransient).Handle<TimeoutRejectedException>();

        if (resilience.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = resilience.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(resilience.RetryBaseDelayMs),
                ShouldHandle = transient,
            });
        }

        // Only failures that say something about the provider's health count; a bad request does not.
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = resilience.BreakerFailureRatio,
            MinimumThroughput = resilience.BreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(resilience.BreakerSamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(resilience.BreakerBreakSeconds),
            ShouldHandle = transient,
            StateProvider = breakerState,
        });

        builder.AddTimeout(TimeSpan.FromMilliseconds(resilience.AttemptTimeoutMs));
        return builder.Build();
    }

    private static List<ChatMessage> BuildMessages(ModelCallRequest request)
    {
        if (request.Messages is { Count: > 0 } conversation)
            return [.. conversation];
        var messages = new List<ChatMessage>(2);
        if (!string.IsNullOrEmpty(request.SystemText))
            messages.Add(new ChatMessage(ChatRole.System, request.SystemText));
        messages.Add(new ChatMessage(ChatRole.User, request.UserText));
        return messages;
    }

    private static void AppendFailure(ref StringBuilder? failures, string model, string errorType, string message)
    {
        failures ??= new StringBuilder();
        if (failures.Length > 0)
            failures.Append("; ");
        failures.Append(model).Append(": ").Append(errorType).Append(" (").Append(message).Append(')');
    }

    private static int ClampToInt(long value) => value > int.MaxValue ? int.MaxValue : value < 0 ? 0 : (int)value;

    private sealed record ModelRoute(CatalogModel Entry, IChatClient Client, ResiliencePipeline Pipeline, CircuitBreakerStateProvider BreakerState);

    /// <summary>One call's state, passed to the pipeline without a closure; counts attempts across the whole chain.</summary>
    private sealed class CallState(List<ChatMessage> messages, ModelSettings settings, PromptConsoleTracing tracing, CancellationToken callerToken)
    {
        public ModelRoute Route { get; set; } = null!;

        public ChatOptions Options { get; set; } = null!;

        public int Attempts { get; private set; }

        public async ValueTask<ChatResponse> AttemptAsync(CancellationToken cancellationToken)
        {
            using var span = StartAttemptSpan();
            try
            {
                var response = await Route.Client.GetResponseAsync(messages, Options, cancellationToken).ConfigureAwait(false);
                if (span is { IsAllDataRequested: true })
                {
                    span.SetTag(SpanAttributeNames.GenAiResponseModel, response.ModelId ?? Route.Entry.ProviderModel);
                    var (input, output) = TokensOf(response);
                    PromptConsoleTracing.SetUsage(span, input, output);
                }

                return response;
            }
            catch (Exception exception) when (span is not null)
            {
                PromptConsoleTracing.SetError(span, ClassifyAttemptError(exception, callerToken));
                throw;
            }
        }

        /// <summary>
        /// The attempt span of a stream ends with its first update: that is where the attempt
        /// succeeds (retries and fallbacks stop) and where its time to first token is measured.
        /// </summary>
        public async ValueTask<(ChatResponseUpdate? First, IAsyncEnumerator<ChatResponseUpdate> Remaining)> StartStreamAttemptAsync(CancellationToken cancellationToken)
        {
            using var span = StartAttemptSpan();
            span?.SetTag(SpanAttributeNames.Streamed, true);
            var enumerator = Route.Client.GetStreamingResponseAsync(messages, Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                var first = await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
                span?.SetTag(SpanAttributeNames.GenAiResponseModel, first?.ModelId ?? Route.Entry.ProviderModel);
                return (first, enumerator);
            }
            catch (Exception exception)
            {
                PromptConsoleTracing.SetError(span, ClassifyAttemptError(exception, callerToken));
                await enumerator.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>Tokens as the provider reported them, estimated where it did not.</summary>
        public (int Input, int Output) TokensOf(ChatResponse response)
        {
            var usage = response.Usage;
            var input = usage?.InputTokenCount is { } reportedInput ? ClampToInt(reportedInput) : EstimateInputTokens();
            var output = usage?.OutputTokenCount is { } reportedOutput ? ClampToInt(reportedOutput) : TokenEstimator.Estimate(response.Text);
            return (input, output);
        }

        private Activity? StartAttemptSpan()
        {
            Attempts++;
            var entry = Route.Entry;
            return tracing.StartAttempt(entry.Model, entry.Provider, Attempts, entry.Simulated, settings.Temperature, settings.MaxTokens);
        }

        public int EstimateInputTokens()
        {
            var tokens = 0;
            foreach (var message in messages)
                tokens += TokenEstimator.Estimate(message.Text);
            return tokens;
        }
    }
}
