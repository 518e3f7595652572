using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Services;

/// <summary>A conversation sent through the OpenAI-compatible endpoint to a catalog model.</summary>
public sealed record ChatCommand(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    double? Temperature,
    int? MaxTokens,
    IReadOnlyList<string> Fallbacks,
    string? User)
{
    /// <summary>The caller's tenant (an API key's own tenant): recorded, and part of the cache key so tenants never share answers.</summary>
    public string? Tenant { get; init; }

    /// <summary><c>Cache-Control: no-cache</c>: the cache is not read (a fresh answer is still stored).</summary>
    public bool BypassCache { get; init; }
}

/// <summary>
/// The front door of raw conversations on <c>/v1/chat/completions</c>: checks the catalog models and hands the
/// conversation to the same <see cref="ExecutionPipeline"/> as managed prompts, so retries, fallbacks, breakers, the
/// exact cache (when <c>PromptConsole:Cache:ChatCompletions</c> switches it on), cost, recording, metrics and traces are
/// theirs, and so is the semantic cache (whole-prompt matching, when an operator or
/// <c>PromptConsole:Cache:ChatCompletions:Semantic</c> switches it on, see <see cref="ConversationCacheSettingsStore"/>).
/// Records, cache figures and semantic observations go under the reserved key <see cref="RecordKey"/> (not a valid
/// prompt key, so it cannot collide).
/// </summary>
public sealed class ChatCompletionGateway(
    IModelCatalog catalog, ExecutionPipeline pipeline, IOptions<ExactCacheOptions> cacheOptions, ConversationCacheSettingsStore semanticSettings, TimeProvider time)
{
    public const string RecordKey = "_chat";

    public Result<ChatCommand> Check(ChatCommand command)
    {
        if (catalog.Find(command.Model) is null)
            return Error.NotFound("model-not-found", $"The model '{command.Model}' is not in the catalog (or its provider is disabled).");
        foreach (var fallback in command.Fallbacks)
        {
            if (catalog.Find(fallback) is null)
                return Error.NotFound("model-not-found", $"The fallback model '{fallback}' is not in the catalog (or its provider is disabled).");
        }

        if (command.Tenant is { Length: > ExecutionRecord.MaxTenantLength })
            return Error.Validation("invalid-tenant", $"A tenant is at most {ExecutionRecord.MaxTenantLength} characters.", [new FieldError("tenant", $"A tenant is at most {ExecutionRecord.MaxTenantLength} characters.")]);

        return command;
    }

    public async Task<Result<ExecutionResult>> CompleteAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        using var execution = Begin(command, streamed: false);
        using var scope = pipeline.LogScope(RecordKey);
        try
        {
            var prepared = await PrepareAsync(command, execution, cancellationToken);
            return prepared.IsSuccess ? await pipeline.CompleteAsync(prepared.Value, execution, cancellationToken) : prepared.Error!;
        }
        catch (Exception ex)
        {
            ExecutionPipeline.Failed(execution, ex, cancellationToken);
            throw;
        }
    }

    /// <summary>
    /// Starts a streamed answer. Failure before the first token is an error the caller can still turn into a status code;
    /// after that, the pieces flow and the last one carries the result.
    /// </summary>
    public async Task<Result<ExecutionStream>> StreamAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        // Not `using`: the pipeline takes the span over and ends it with the stream.
        var execution = Begin(command, streamed: true);
        using var scope = pipeline.LogScope(RecordKey);
        Result<PreparedExecution> prepared;
        try
        {
            prepared = await PrepareAsync(command, execution, cancellationToken);
        }
        catch
        {
            // Reading the cache settings was cancelled with the request: the span ends here, not with a stream.
            execution?.Dispose();
            throw;
        }

        if (!prepared.IsSuccess)
        {
            execution?.Dispose();
            return prepared.Error!;
        }

        return await pipeline.StreamAsync(prepared.Value, execution, cancellationToken);
    }

    private async ValueTask<Result<PreparedExecution>> PrepareAsync(ChatCommand command, Activity? execution, CancellationToken cancellationToken)
    {
        var checkedCommand = Check(command);
        if (!checkedCommand.IsSuccess)
            return ExecutionPipeline.Rejected(execution, checkedCommand.Error!);
        if (pipeline.Admit() is { } overloaded)
            return ExecutionPipeline.Rejected(execution, overloaded);

        var semantic = await semanticSettings.CurrentAsync(cancellationToken);
        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();
        var options = cacheOptions.Value.ChatCompletions;
        return new PreparedExecution
        {
            Record = new ExecutionRecord(Guid.CreateVersion7(startedAt), startedAt, RecordKey, 0, "openai", command.Model, null, command.User, ExecutionOrigin.OpenAiCompatible, command.Tenant),
            Request = new ModelCallRequest(new ModelSettings(command.Model, command.Temperature, command.MaxTokens, command.Fallbacks), null, string.Empty, command.Messages),
            InputText = string.Join("\n", command.Messages.Select(m => $"{m.Role.Value}: {m.Text}")),
            Started = started,
            Prepared = started,
            Cache = options.Enabled ? new ExactCacheSettings(true, options.TtlSeconds) : ExactCacheSettings.Off,
            ConversationSemanticCache = semantic.For(command.Model),
            BypassCache = command.BypassCache,
        };
    }

    private Activity? Begin(ChatCommand command, bool streamed)
    {
        var execution = pipeline.StartExecution(RecordKey, ExecutionOrigin.OpenAiCompatible);
        if (execution is not { IsAllDataRequested: true })
            return execution;
        execution.SetTag(SpanAttributeNames.RouteKind, "openai");
        execution.SetTag(SpanAttributeNames.RouteId, command.Model);
        execution.SetTag(SpanAttributeNames.GenAiRequestModel, command.Model);
        if (command.Temperature is { } temperature)
            execution.SetTag(SpanAttributeNames.GenAiRequestTemperature, temperature);
        if (command.MaxTokens is { } maxTokens)
            execution.SetTag(SpanAttributeNames.GenAiRequestMaxTokens, maxTokens);
        if (streamed)
            execution.SetTag(SpanAttributeNames.Streamed, true);
        return execution;
    }
}
