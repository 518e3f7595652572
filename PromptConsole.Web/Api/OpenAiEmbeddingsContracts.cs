using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptConsole.Web.Api;

// The OpenAI embeddings wire format (POST /v1/embeddings).

/// <summary><c>input</c> is a string or an array of strings (token arrays are refused).</summary>
public sealed record EmbeddingRequest(
    JsonElement Input,
    string? Model,
    /// <summary><c>float</c> (the default) or <c>base64</c> (little-endian float32, as OpenAI sends it).</summary>
    string? EncodingFormat,
    int? Dimensions,
    string? User);

public sealed record EmbeddingResponse(string Object, IReadOnlyList<EmbeddingDatum> Data, string Model, EmbeddingUsage Usage);

public sealed record EmbeddingDatum(string Object, int Index, EmbeddingValue Embedding);

public sealed record EmbeddingUsage(int PromptTokens, int TotalTokens);

/// <summary>A vector written as a JSON array of numbers, or as base64 of its float32 bytes.</summary>
[JsonConverter(typeof(EmbeddingValueJsonConverter))]
public readonly record struct EmbeddingValue(ReadOnlyMemory<float> Vector, bool AsBase64);

public sealed class EmbeddingValueJsonConverter : JsonConverter<EmbeddingValue>
{
    public override EmbeddingValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Embeddings are only written.");

    public override void Write(Utf8JsonWriter writer, EmbeddingValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.AsBase64)
        {
            // The wire format is little-endian float32, which is this machine's layout on every platform .NET 10 runs on.
            writer.WriteBase64StringValue(MemoryMarshal.AsBytes(value.Vector.Span));
            return;
        }

        writer.WriteStartArray();
        foreach (var component in value.Vector.Span)
            writer.WriteNumberValue(component);
        writer.WriteEndArray();
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
public sealed partial class OpenAiEmbeddingsJsonContext : JsonSerializerContext;
