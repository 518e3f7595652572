using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Access;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Api;

/// <summary>
/// <c>POST /v1/chat/completions</c>: any OpenAI client can point its base URL at the gateway and
/// get the catalog's models with retries, fallbacks, cost and recording, or run a managed prompt
/// (<c>model: "prompt:{key}"</c>) through the same executor as the execution API, so routing, experiments,
/// canaries, output checks and recording are the execution API's. Errors are problem details that
/// also carry OpenAI's <c>error</c> object, so both kinds of client read them.
/// </summary>
public static class OpenAiCompatibleApi
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static IEndpointRouteBuilder MapOpenAiCompatibleApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", CompleteAsync)
            .WithTags("OpenAI-compatible")
            .Accepts<ChatCompletionRequest>("application/json")
            .Produces<ChatCompletionResponse>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(502).ProducesProblem(503)
            .RequireRateLimiting(ExecutionApi.RateLimitPolicy)
            .RequireScope(ApiKeyScopes.Execute)
            .AddEndpointFilter(UsageLimitFilter.OpenAi).ProducesProblem(429)
            .WithName("ChatCompletions");
        return app;
    }

    private static async Task<IResult> CompleteAsync(
        HttpContext http, ChatCompletionGateway gateway, IPromptExecutor executor, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http.Request, OpenAiJsonContext.Default.ChatCompletionRequest, cancellationToken);
        if (!body.IsSuccess)
            return body.Error!.ToOpenAiProblem(http);
        var request = body.Value;
        var bypassCache = CacheControl.AsksForFreshAnswer(http.Request);
        var streamed = request.Stream == true;
        Task<Result<ExecutionResult>>? whole = null;
        Task<Result<ExecutionStream>>? stream = null;
        if (PromptModelName.IsPromptModel(request.Model))
        {
            var command = ToPromptCommand(request);
            if (!command.IsSuccess)
                return command.Error!.ToOpenAiProblem(http);
            var prompt = command.Value with { BypassCache = bypassCache, Tenant = CallerTenant.Of(http, command.Value.Tenant) };
            if (streamed)
                stream = executor.StreamAsync(prompt, cancellationToken);
            else
                whole = executor.ExecuteAsync(prompt, cancellationToken);
        }
        else
        {
            var command = ToCommand(request);
            if (!command.IsSuccess)
                return command.Error!.ToOpenAiProblem(http);
            var chat = command.Value with { BypassCache = bypassCache, Tenant = CallerTenant.Of(http, null) };
            if (streamed)
                stream = gateway.StreamAsync(chat, cancellationToken);
            else
                whole = gateway.CompleteAsync(chat, cancellationToken);
        }

        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (whole is not null)
        {
            var result = await whole;
            if (!result.IsSuccess)
                return result.Error!.ToOpenAiProblem(http);
            var r = result.Value;
            AddGatewayHeaders(http, r.ExecutionId, r.PromptKey, r.PromptVersion, r.Route, r.Attempts, r.Simulated, r.CacheStatus);
            var response = new ChatCompletionResponse(
                IdOf(r.ExecutionId), "chat.completion", created, r.Model,
                [new ChatCompletionChoice(0, new ChatCompletionOutMessage("assistant", r.Output), "stop")], UsageOf(r.Usage))
            {
                Prompt = PromptOf(r.PromptKey, r.PromptVersion, r.Route),
                Route = RouteView.Of(r.Route),
            };
            return TypedResults.Json(response, OpenAiJsonContext.Default.ChatCompletionResponse);
        }

        var started = await stream!;
        if (!started.IsSuccess)
            return started.Error!.ToOpenAiProblem(http);

        var s = started.Value;
        var id = IdOf(s.ExecutionId);
        AddGatewayHeaders(http, s.ExecutionId, s.PromptKey, s.PromptVersion, s.Route, s.Attempts, s.Simulated, s.CacheStatus);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var first = true;
        await foreach (var piece in s.Pieces.WithCancellation(cancellationToken))
        {
            if (piece.Completed is { } done)
            {
                await WriteChunkAsync(http, new ChatCompletionChunk(id, "chat.completion.chunk", created, done.Model, [new ChatCompletionChunkChoice(0, new ChatCompletionDelta(null, null), "stop")], null), cancellationToken);
                if (request.StreamOptions?.IncludeUsage == true)
                    await WriteChunkAsync(http, new ChatCompletionChunk(id, "chat.completion.chunk", created, done.Model, [], UsageOf(done.Usage)), cancellationToken);
                break;
            }

            var chunk = new ChatCompletionChunk(id, "chat.completion.chunk", created, s.Model, [new ChatCompletionChunkChoice(0, new ChatCompletionDelta(first ? "assistant" : null, piece.Text), null)], null);
            // A managed prompt's first chunk says which prompt, version and route answer, as its whole answer does.
            await WriteChunkAsync(http, first ? chunk with { Prompt = PromptOf(s.PromptKey, s.PromptVersion, s.Route), Route = RouteView.Of(s.Route) } : chunk, cancellationToken);
            first = false;
        }

        await http.Response.Body.WriteAsync(Done, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
        return Results.Empty;
    }

    private static string IdOf(Guid executionId) => "chatcmpl-" + executionId.ToString("N");

    private static ChatCompletionUsage UsageOf(ExecutionUsage usage) =>
        new(usage.InputTokens, usage.OutputTokens, usage.InputTokens + usage.OutputTokens);

    /// <summary>Only a managed prompt's answer names its prompt and route; a raw conversation's has neither.</summary>
    private static PromptRefView? PromptOf(string promptKey, int promptVersion, RouteDecision? route) =>
        route is null ? null : new PromptRefView(promptKey, promptVersion);

    /// <summary>
    /// A managed prompt's request: the version's template makes the conversation and its model settings apply, so
    /// messages, temperature, token limits and fallbacks sent with it would be silently dropped: they are refused,
    /// naming the field. <c>user</c> is the subject experiments randomise on.
    /// </summary>
    public static Result<ExecuteCommand> ToPromptCommand(ChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = PromptModelName.Parse(request.Model!);
        var errors = new List<FieldError>(name.IsSuccess ? [] : name.Error!.FieldErrors);
        if (request.Messages is { Count: > 0 })
            errors.Add(new FieldError("messages", "A managed prompt makes the conversation from its template: send its variables in prompt_variables and leave messages empty."));
        if (request.Temperature is not null)
            errors.Add(new FieldError("temperature", "A managed prompt's version sets the temperature; leave it out."));
        if (request.MaxTokens is not null || request.MaxCompletionTokens is not null)
            errors.Add(new FieldError(request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens", "A managed prompt's version sets the token limit; leave it out."));
        if (request.Fallbacks is { Count: > 0 })
            errors.Add(new FieldError("fallbacks", "A managed prompt's version names its fallbacks; leave them out."));
        if (errors.Count > 0)
            return Error.Validation("invalid-chat-request", "The chat completion request is not valid.", errors);

        var model = name.Value;
        return new ExecuteCommand(model.Key, VariableValues.FromJson(request.PromptVariables), request.User, model.Label, model.Version, ExecutionOrigin.OpenAiCompatible)
        {
            Tenant = request.Tenant,
        };
    }

    private static async Task WriteChunkAsync(HttpContext http, ChatCompletionChunk chunk, CancellationToken cancellationToken)
    {
        await http.Response.Body.WriteAsync(DataPrefix, cancellationToken);
        await JsonSerializer.SerializeAsync(http.Response.Body, chunk, OpenAiJsonContext.Default.ChatCompletionChunk, cancellationToken);
        await http.Response.Body.WriteAsync(EventEnd, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static void AddGatewayHeaders(HttpContext http, Guid executionId, string promptKey, int promptVersion, RouteDecision? route, int attempts, bool simulated, string cacheStatus)
    {
        var headers = http.Response.Headers;
        headers["X-PromptConsole-Execution-Id"] = executionId.ToString();
        headers["X-PromptConsole-Attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-PromptConsole-Simulated"] = simulated ? "true" : "false";
        headers[Services.Caching.ExactCacheStatus.HeaderName] = cacheStatus;
        if (route is null)
            return;
        headers["X-PromptConsole-Prompt"] = promptKey;
        headers["X-PromptConsole-Prompt-Version"] = promptVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var view = RouteView.Of(route)!;
        headers["X-PromptConsole-Route"] = $"{view.Kind}:{view.Id}";
        if (view.Experiment is { } experiment)
            headers["X-PromptConsole-Experiment"] = experiment;
        if (view.Arm is { } arm)
            headers["X-PromptConsole-Arm"] = arm;
    }

    public static Result<ChatCommand> ToCommand(ChatCompletionRequest request)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.Model))
            errors.Add(new FieldError("model", "The model is missing."));
        if (request.Messages is not { Count: > 0 })
            errors.Add(new FieldError("messages", "At least one message is required."));

        var messages = new List<ChatMessage>();
        for (var i = 0; i < (request.Messages?.Count ?? 0); i++)
        {
            var message = request.Messages![i];
            if (message is null)
            {
                errors.Add(new FieldError($"messages[{i}]", "A message is null."));
                continue;
            }

            ChatRole? role = message.Role switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                _ => null,
            };
            if (role is null)
            {
                errors.Add(new FieldError($"messages[{i}].role", $"'{message.Role}' is not a supported role (system, developer, user, assistant)."));
                continue;
            }

            var text = TextOf(message.Content);
            if (text is null)
            {
                errors.Add(new FieldError($"messages[{i}].content", "Content must be a string or a list of text parts."));
                continue;
            }

            messages.Add(new ChatMessage(role.Value, text));
        }

        for (var i = 0; i < (request.Fallbacks?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(request.Fallbacks![i]))
                errors.Add(new FieldError($"fallbacks[{i}]", "A fallback model id is empty."));
        }

        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        if (maxTokens is <= 0)
            errors.Add(new FieldError(request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens", "Must be positive."));
        if (request.Temperature is { } t && (double.IsNaN(t) || t is < 0 or > 2))
            errors.Add(new FieldError("temperature", "Temperature must be between 0 and 2."));

        if (errors.Count > 0)
            return Error.Validation("invalid-chat-request", "The chat completion request is not valid.", errors);

        return new ChatCommand(request.Model!, messages, request.Temperature, maxTokens, request.Fallbacks ?? [], request.User);
    }

    private static string? TextOf(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString();
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                        return null;
                    parts.Add(text.GetString()!);
                }

                return string.Concat(parts);
            default:
                return null;
        }
    }
}
