using System.Buffers;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Hybrid;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// An answer held in the exact cache: the text that passed the version's checks, who gave it and what it cost when
/// it was bought (what a hit saves). Immutable, so the in-process tier hands out the same instance instead of
/// deserializing it on every hit.
/// </summary>
[ImmutableObject(true)]
public sealed record CachedAnswer(
    string Text,
    string Model,
    bool Simulated,
    int InputTokens,
    int OutputTokens,
    decimal CostUsd,
    DateTimeOffset StoredAt)
{
    public int Tokens => InputTokens + OutputTokens;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CachedAnswer))]
internal sealed partial class CachedAnswerJsonContext : JsonSerializerContext;

/// <summary>Source-generated JSON for the Redis tier (no reflection on the hot path).</summary>
internal sealed class CachedAnswerSerializer : IHybridCacheSerializer<CachedAnswer>
{
    public CachedAnswer Deserialize(ReadOnlySequence<byte> source)
    {
        var reader = new Utf8JsonReader(source);
        return JsonSerializer.Deserialize(ref reader, CachedAnswerJsonContext.Default.CachedAnswer)
            ?? throw new JsonException("A cached answer was null.");
    }

    public void Serialize(CachedAnswer value, IBufferWriter<byte> target)
    {
        using var writer = new Utf8JsonWriter(target);
        JsonSerializer.Serialize(writer, value, CachedAnswerJsonContext.Default.CachedAnswer);
    }
}
