using System.Text.Json.Serialization;

namespace PromptConsole.Web.Api;

// The OpenAI models list (GET /v1/models) and one model (GET /v1/models/{model}).

public sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);

/// <summary><c>created</c> is Unix seconds; <c>owned_by</c> is the provider (catalog models) or <c>promptconsole</c>.</summary>
public sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelEntry))]
public sealed partial class OpenAiModelsJsonContext : JsonSerializerContext;
