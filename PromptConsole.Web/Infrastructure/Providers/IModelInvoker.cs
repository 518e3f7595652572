using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>One rendered prompt to send: the version's model settings decide the model chain.</summary>
public sealed record ModelCallRequest(ModelSettings Settings, string? SystemText, string UserText);

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
