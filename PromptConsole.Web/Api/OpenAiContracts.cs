using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptConsole.Web.Api;

// The subset of the OpenAI chat-completions wire format the gateway accepts and returns.

public sealed record ChatCompletionRequest(
    string? Model,
    List<ChatCompletionMessage>? Messages,
    double? Temperature,
    int? MaxTokens,
    int? MaxCompletionTokens,
    bool? Stream,
    StreamOptions? StreamOptions,
    string? User,
    /// <summary>Models to try, in order, when <c>model</c> fails (as LiteLLM's <c>fallbacks</c>).</summary>
    List<string>? Fallbacks);

public sealed record StreamOptions(bool? IncludeUsage);

/// <summary><c>content</c> is a string or a list of parts (<c>{"type":"text","text":…}</c>).</summary>
public sealed record ChatCompletionMessage(string? Role, JsonElement Content, string? Name);

public sealed record ChatCompletionResponse(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChoice> Choices,
    ChatCompletionUsage Usage);

public sealed record ChatCompletionChoice(int Index, ChatCompletionOutMessage Message, string FinishReason);

public sealed record ChatCompletionOutMessage(string Role, string Content);

public sealed record ChatCompletionUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

public sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChunkChoice> Choices,
    ChatCompletionUsage? Usage);

public sealed record ChatCompletionChunkChoice(int Index, ChatCompletionDelta Delta, string? FinishReason);

public sealed record ChatCompletionDelta(string? Role, string? Content);

public sealed record OpenAiError(string Message, string Type, string? Param, string Code);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(OpenAiError))]
public sealed partial class OpenAiJsonContext : JsonSerializerContext;
