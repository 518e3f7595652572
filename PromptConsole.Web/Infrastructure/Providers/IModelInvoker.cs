using Microsoft.Extensions.AI;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// One rendered prompt to send: the version's model settings decide the model chain. A whole
/// conversation (the OpenAI-compatible endpoint) goes in <paramref name="Messages"/> instead of the texts.
/// </summary>
public sealed record ModelCallRequest(ModelSettings Settings, string? SystemText, string UserText, IReadOnlyList<ChatMessage>? Messages = null);

/// <summary>
/// A stream that has started: retries and fallbacks happen until the first update arrives (after
/// that, a failure ends the stream). On failure <see cref="First"/> and <see cref="Rest"/> are null.
/// </summary>
public sealed record ModelStreamStart(
    bool Succeeded,
    string Model,
    int Attempts,
    bool Simulated,
    string? ErrorType,
    string? ErrorMessage,
    IReadOnlyList<string> ModelsTried,
    ChatResponseUpdate? First,
    IAsyncEnumerator<ChatResponseUpdate>? Rest);

/// <summary>
/// How a call ended after retries and fallbacks. <see cref="Model"/> is the model that answered
/// (or the last one tried); <see cref="Attempts"/> counts every attempt across the chain.
/// </summary>
public sealed record ModelCallOutcome(
    bool Succeeded,
    string? Text,
    string Model,
    int Attempts,
    int InputTokens,
    int OutputTokens,
    bool Simulated,
    string? ErrorType,
    string? ErrorMessage,
    IReadOnlyList<string> ModelsTried);

/// <summary>Calls the providers with per-attempt timeout, retries with jitter, the fallback chain and a circuit breaker per model.</summary>
public interface IModelInvoker
{
    Task<ModelCallOutcome> InvokeAsync(ModelCallRequest request, CancellationToken cancellationToken);

    /// <summary>Starts a streamed answer with the same resilience as <see cref="InvokeAsync"/> up to the first update.</summary>
    Task<ModelStreamStart> StartStreamAsync(ModelCallRequest request, CancellationToken cancellationToken);
}

/// <summary>Model id → provider and price, from configuration.</summary>
public interface IModelCatalog
{
    IReadOnlyList<ModelPrice> Models { get; }

    ModelPrice? Find(string model);

    /// <summary>True when the model is served by the built-in simulator.</summary>
    bool IsSimulated(string model);

    /// <summary>True when any model in the catalog is served by the simulator (the console shows a banner).</summary>
    bool SimulatorServing { get; }
}
