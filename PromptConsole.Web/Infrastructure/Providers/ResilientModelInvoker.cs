using System.Collections.Frozen;
using System.Text;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Walks the version's model chain (primary, then fallbacks). Each model has its own pipeline, built
/// once at start-up: retry on transient errors with exponential backoff and jitter → circuit breaker
/// (shared by all requests to that model) → per-attempt timeout. When a model gives up (retries
/// exhausted, breaker open, or an error retrying cannot fix) the next model is tried.
/// </summary>
public sealed class ResilientModelInvoker : IModelInvoker
{
    private readonly FrozenDictionary<string, ModelRoute> _routes;

    public ResilientModelInvoker(ModelCatalog catalog, ProviderChatClients clients, ResilienceOptions resilience, TimeProvider timeProvider)
    {
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
        var settings = request.Settings;
        var fallbacks = settings.Fallbacks;
        var call = new CallState(BuildMessages(request));
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
                continue;
            }

            call.Client = route.Client;
            call.Options = new ChatOptions
            {
                ModelId = route.Entry.ProviderModel,
                Temperature = settings.Temperature is { } temperature ? (float)temperature : null,
                MaxOutputTokens = settings.MaxTokens,
            };

            try
            {
                var response = await route.Pipeline.ExecuteAsync(
                    static (state, token) => state.AttemptAsync(token),
                    call,
                    cancellationToken).ConfigureAwait(false);
                return Succeeded(route, response, call, modelsTried);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                lastErrorType = ClassifyError(exception);
                AppendFailure(ref failures, route.Entry.Model, lastErrorType, exception.Message);
            }
        }

        var lastModel = modelsTried.Count > 0 ? modelsTried[^1] : settings.Model;
        var canonicalLast = _routes.TryGetValue(lastModel, out var last) ? last.Entry.Model : lastModel;
        return new ModelCallOutcome(
            Succeeded: false,
            Text: null,
            Model: canonicalLast,
            Attempts: call.Attempts,
            InputTokens: 0,
            OutputTokens: 0,
            Simulated: last?.Entry.Simulated ?? false,
            ErrorType: lastErrorType ?? ModelErrorTypes.UnknownModel,
            ErrorMessage: failures?.ToString() ?? "No model to call.",
            ModelsTried: modelsTried);
    }

    public async Task<ModelStreamStart> StartStreamAsync(ModelCallRequest request, CancellationToken cancellationToken)
    {
        var settings = request.Settings;
        var fallbacks = settings.Fallbacks;
        var call = new CallState(BuildMessages(request));
        var modelsTried = new List<string>(1 + fallbacks.Count);
        StringBuilder? failures = null;
        string? lastErrorType = null;

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
                continue;
            }

            call.Client = route.Client;
            call.Options = new ChatOptions
            {
                ModelId = route.Entry.ProviderModel,
                Temperature = settings.Temperature is { } temperature ? (float)temperature : null,
                MaxOutputTokens = settings.MaxTokens,
            };

            try
            {
                // An attempt succeeds once the first update is in hand; a stream that ends at once is an empty answer.
                var (first, rest) = await route.Pipeline.ExecuteAsync(
                    static (state, token) => state.StartStreamAttemptAsync(token),
                    call,
                    cancellationToken).ConfigureAwait(false);
                return new ModelStreamStart(true, route.Entry.Model, call.Attempts, route.Entry.Simulated, null, null, modelsTried, first, rest);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                lastErrorType = ClassifyError(exception);
                AppendFailure(ref failures, route.Entry.Model, lastErrorType, exception.Message);
            }
        }

        var lastModel = modelsTried.Count > 0 ? modelsTried[^1] : settings.Model;
        var canonicalLast = _routes.TryGetValue(lastModel, out var last) ? last.Entry.Model : lastModel;
        return new ModelStreamStart(
            false,
            canonicalLast,
            call.Attempts,
            last?.Entry.Simulated ?? false,
            lastErrorType ?? ModelErrorTypes.UnknownModel,
            failures?.ToString() ?? "No model to call.",
            modelsTried,
            null,
            null);
    }

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
        var usage = response.Usage;
        var inputTokens = usage?.InputTokenCount is { } reportedInput ? ClampToInt(reportedInput) : call.EstimateInputTokens();
        var outputTokens = usage?.OutputTokenCount is { } reportedOutput ? ClampToInt(reportedOutput) : TokenEstimator.Estimate(text);
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
    private sealed class CallState(List<ChatMessage> messages)
    {
        public IChatClient Client { get; set; } = null!;

        public ChatOptions Options { get; set; } = null!;

        public int Attempts { get; private set; }

        public ValueTask<ChatResponse> AttemptAsync(CancellationToken cancellationToken)
        {
            Attempts++;
            return new ValueTask<ChatResponse>(Client.GetResponseAsync(messages, Options, cancellationToken));
        }

        public async ValueTask<(ChatResponseUpdate? First, IAsyncEnumerator<ChatResponseUpdate> Remaining)> StartStreamAttemptAsync(CancellationToken cancellationToken)
        {
            Attempts++;
            var enumerator = Client.GetStreamingResponseAsync(messages, Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                var first = await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
                return (first, enumerator);
            }
            catch
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                throw;
            }
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
