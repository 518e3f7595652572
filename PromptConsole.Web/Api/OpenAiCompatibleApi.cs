using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Api;

/// <summary>
/// <c>POST /v1/chat/completions</c>: any OpenAI client can point its base URL at the gateway and
/// get the catalog's models with retries, fallbacks, cost and recording. Errors are problem
/// details that also carry OpenAI's <c>error</c> object, so both kinds of client read them.
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
            .WithName("ChatCompletions");
        return app;
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, ChatCompletionGateway gateway, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http.Request, OpenAiJsonContext.Default.ChatCompletionRequest, cancellationToken);
        if (!body.IsSuccess)
            return ToOpenAiProblem(body.Error!, http);

        var command = ToCommand(body.Value);
        if (!command.IsSuccess)
            return ToOpenAiProblem(command.Error!, http);

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (body.Value.Stream != true)
        {
            var answer = await gateway.CompleteAsync(command.Value, cancellationToken);
            if (!answer.IsSuccess)
                return ToOpenAiProblem(answer.Error!, http);

            var a = answer.Value;
            AddGatewayHeaders(http, a);
            var response = new ChatCompletionResponse(
                id, "chat.completion", created, a.Model,
                [new ChatCompletionChoice(0, new ChatCompletionOutMessage("assistant", a.Text), "stop")],
                new ChatCompletionUsage(a.InputTokens, a.OutputTokens, a.InputTokens + a.OutputTokens));
            return TypedResults.Json(response, OpenAiJsonContext.Default.ChatCompletionResponse);
        }

        var stream = await gateway.StreamAsync(command.Value, cancellationToken);
        if (!stream.IsSuccess)
            return ToOpenAiProblem(stream.Error!, http);

        var includeUsage = body.Value.StreamOptions?.IncludeUsage == true;
        var model = command.Value.Model;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers["X-PromptConsole-Simulated"] = stream.Value.Simulated ? "true" : "false";
        http.Response.Headers.CacheControl = "no-cache";
        var first = true;
        await foreach (var piece in stream.Value.Pieces.WithCancellation(cancellationToken))
        {
            if (piece.Completed is { } done)
            {
                await WriteChunkAsync(http, new ChatCompletionChunk(id, "chat.completion.chunk", created, done.Model, [new ChatCompletionChunkChoice(0, new ChatCompletionDelta(null, null), "stop")], null), cancellationToken);
                if (includeUsage)
                    await WriteChunkAsync(http, new ChatCompletionChunk(id, "chat.completion.chunk", created, done.Model, [], new ChatCompletionUsage(done.InputTokens, done.OutputTokens, done.InputTokens + done.OutputTokens)), cancellationToken);
                break;
            }

            var delta = new ChatCompletionDelta(first ? "assistant" : null, piece.Text);
            first = false;
            await WriteChunkAsync(http, new ChatCompletionChunk(id, "chat.completion.chunk", created, model, [new ChatCompletionChunkChoice(0, delta, null)], null), cancellationToken);
        }

        await http.Response.Body.WriteAsync(Done, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
        return Results.Empty;
    }

    private static async Task WriteChunkAsync(HttpContext http, ChatCompletionChunk chunk, CancellationToken cancellationToken)
    {
        await http.Response.Body.WriteAsync(DataPrefix, cancellationToken);
        await JsonSerializer.SerializeAsync(http.Response.Body, chunk, OpenAiJsonContext.Default.ChatCompletionChunk, cancellationToken);
        await http.Response.Body.WriteAsync(EventEnd, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static void AddGatewayHeaders(HttpContext http, ChatAnswer answer)
    {
        http.Response.Headers["X-PromptConsole-Execution-Id"] = answer.ExecutionId.ToString();
        http.Response.Headers["X-PromptConsole-Attempts"] = answer.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["X-PromptConsole-Simulated"] = answer.Simulated ? "true" : "false";
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

    private static IResult ToOpenAiProblem(Error error, HttpContext http)
    {
        var problem = Problems.ToProblemDetails(error, http);
        var openAiType = error.Kind switch
        {
            ErrorKind.Validation => "invalid_request_error",
            ErrorKind.NotFound => "invalid_request_error",
            ErrorKind.Unavailable => "rate_limit_error",
            _ => "api_error",
        };
        problem.Extensions["error"] = new OpenAiError(error.Message, openAiType, error.FieldErrors.FirstOrDefault()?.Field, error.Code);
        return TypedResults.Problem(problem);
    }
}
