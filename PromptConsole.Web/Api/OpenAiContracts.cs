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
    List<string>? Fallbacks,
    /// <summary>With <c>model: "prompt:{key}"</c>: the managed prompt's variables (LiteLLM's name for them).</summary>
    Dictionary<string, JsonElement>? PromptVariables = null,
    /// <summary>With a managed prompt: the tenant experiment targeting may match on, as the execution API's <c>tenant</c>.</summary>
    string? Tenant = null);

public sealed record StreamOptions(bool? IncludeUsage);

/// <summary><c>content</c> is a string or a list of parts (<c>{"type":"text","text":…}</c>).</summary>
public sealed record ChatCompletionMessage(string? Role, JsonElement Content, string? Name);

public sealed record ChatCompletionResponse(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChoice> Choices,
    ChatCompletionUsage Usage)
{
    /// <summary>A managed prompt's key and the version that answered; absent for a catalog model.</summary>
    public PromptRefView? Prompt { get; init; }

    /// <summary>How a managed prompt was routed (label, canary, experiment and arm …), as the execution API says it.</summary>
    public RouteView? Route { get; init; }
}

public sealed record ChatCompletionChoice(int Index, ChatCompletionOutMessage Message, string FinishReason);

public sealed record ChatCompletionOutMessage(string Role, string Content);

public sealed record ChatCompletionUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

public sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChunkChoice> Choices,
    ChatCompletionUsage? Usage)
{
    /// <summary>On a managed prompt's first chunk: the prompt and version that answered.</summary>
    public PromptRefView? Prompt { get; init; }

    /// <summary>On a managed prompt's first chunk: how it was routed.</summary>
    public RouteView? Route { get; init; }
}

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
