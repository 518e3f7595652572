using System.Text.Json.Serialization;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// One answer in the semantic cache: the partition it belongs to (prompt, version, model settings, tenant and the exact
/// variables' values, hashed), each semantic variable's embedding and guard tokens, and the answer. The variables'
/// text itself is not kept. <see cref="Id"/> starts with the version ("v3:…") so a purge of one version finds its entries.
/// </summary>
public sealed record SemanticCacheEntry(
    string Id,
    string PromptKey,
    int Version,
    string Partition,
    IReadOnlyDictionary<string, float[]> Embeddings,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Guards,
    CachedAnswer Answer,
    DateTimeOffset StoredAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>What the entry costs this process, roughly: the answer's UTF-16 text, the vectors and the guards.</summary>
    [JsonIgnore]
    public long Bytes =>
        256 + (Answer.Text.Length * 2L) + Embeddings.Values.Sum(v => v.Length * 4L)
        + Guards.Values.Sum(g => g.Sum(t => 24 + (t.Length * 2L)));

    public static string NewId(int version, Guid unique) => "v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + unique.ToString("N");

    public static bool IsOfVersion(string id, int version) =>
        id.StartsWith("v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":", StringComparison.Ordinal);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SemanticCacheEntry))]
internal sealed partial class SemanticCacheEntryJsonContext : JsonSerializerContext;
