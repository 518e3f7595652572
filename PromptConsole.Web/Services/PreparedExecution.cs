using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Web.Services;

/// <summary>
/// What a front door hands the pipeline once it has decided what to run: the execution API and a managed prompt
/// through <c>/v1/chat/completions</c> after routing and rendering (<see cref="PromptExecutor"/>), a raw
/// conversation after checking its models (<see cref="ChatCompletionGateway"/>). From here on both run the same
/// stages (<see cref="ExecutionPipeline"/>): cache, provider, output checks, record, metrics and traces.
/// </summary>
public sealed class PreparedExecution
{
    /// <summary>The record as far as the front door knows it: id, start, prompt or <c>_chat</c>, version, route, subject, origin and tenant.</summary>
    public required ExecutionRecord Record { get; init; }

    /// <summary>What goes to the provider: the model chain and the rendered texts or the conversation.</summary>
    public required ModelCallRequest Request { get; init; }

    /// <summary>The input as one text: hashed onto the record, and kept only when capture is on.</summary>
    public required string InputText { get; init; }

    /// <summary>When the request arrived (<see cref="TimeProvider.GetTimestamp"/>): the latency counts from here.</summary>
    public required long Started { get; init; }

    /// <summary>When the front door's own stages ended: the cache stage is timed from here.</summary>
    public required long Prepared { get; init; }

    /// <summary>The route a managed prompt took; null for a raw conversation.</summary>
    public RouteDecision? Route { get; init; }

    /// <summary>The managed prompt's snapshot (its semantic cache settings); null for a raw conversation.</summary>
    public PromptSnapshot? Prompt { get; init; }

    /// <summary>The version that answers a managed prompt; null for a raw conversation.</summary>
    public PromptVersion? Version { get; init; }

    /// <summary>A managed prompt's bound variables (what template-aware caching compares); null for a raw conversation.</summary>
    public BoundVariables? Variables { get; init; }

    public OutputChecks Checks { get; init; } = OutputChecks.None;

    /// <summary>The exact cache as the prompt (or the OpenAI endpoint's configuration) sets it.</summary>
    public ExactCacheSettings Cache { get; init; } = ExactCacheSettings.Off;

    /// <summary>
    /// A raw conversation's whole-prompt semantic cache as <c>PromptConsole:Cache:ChatCompletions:Semantic</c> sets it
    /// (off by default); always off for a managed prompt, whose own settings are on <see cref="Prompt"/>.
    /// </summary>
    public SemanticCacheSettings ConversationSemanticCache { get; init; } = SemanticCacheSettings.Off;

    /// <summary>Whether the semantic cache takes part: the managed prompt's, or the raw conversations'.</summary>
    public bool UsesSemanticCache => Prompt is { SemanticCache.Enabled: true } || (Prompt is null && ConversationSemanticCache.Enabled);

    /// <summary><c>Cache-Control: no-cache</c>: the cache is not read (a fresh answer is still stored).</summary>
    public bool BypassCache { get; init; }

    /// <summary>A golden run judges rejected answers itself (see <see cref="ExecuteCommand.ReturnRejectedOutput"/>).</summary>
    public bool ReturnRejectedOutput { get; init; }

    /// <summary>Days to keep the input and the answer; null when capture is off (the default: only hashes are stored).</summary>
    public int? CaptureRetentionDays { get; init; }

    /// <summary>The front door's stage timings (route and render for a managed prompt).</summary>
    public double? RouteMs { get; init; }

    public double? RenderMs { get; init; }
}
