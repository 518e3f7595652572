using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Caching;

/// <summary>
/// The semantic cache's partition: SHA-256 (lower-case hex) over the prompt key, the version, the model with its
/// parameters and fallbacks, the tenant, every exact variable's canonical value (by name) and the embedding model
/// that made the vectors (with its precision: fp32 and int8 vectors of the same model are not comparable). Entries of
/// one partition may answer each other's requests; the index is only ever searched within one, so an exact variable
/// that differs (or another tenant, version, model or embedding model) is never even a candidate. Ignored and
/// semantic variables are not in it.
/// </summary>
public static class SemanticPartitionKey
{
    private const string Scheme = "semantic-v2";

    public static string Compute(
        string promptKey,
        int version,
        ModelSettings model,
        string? tenant,
        IReadOnlyList<VariableCachePolicy> policies,
        IReadOnlyDictionary<string, string> canonicalValues,
        string? embeddingModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(canonicalValues);
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, Scheme);
        Write(buffer, promptKey);
        Write(buffer, version.ToString(CultureInfo.InvariantCulture));
        Write(buffer, model.Model);
        Write(buffer, model.Temperature?.ToString("R", CultureInfo.InvariantCulture));
        Write(buffer, model.MaxTokens?.ToString(CultureInfo.InvariantCulture));
        Write(buffer, model.Fallbacks.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var fallback in model.Fallbacks)
            Write(buffer, fallback);
        Write(buffer, tenant);
        foreach (var policy in policies.Where(p => p.Policy == CachePolicy.Exact).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            Write(buffer, policy.Name);
            Write(buffer, canonicalValues.TryGetValue(policy.Name, out var value) ? value : null);
        }

        Write(buffer, embeddingModel);

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string? text)
    {
        // -1 for null, else the UTF-8 byte count, then the bytes: fields never run into each other.
        var length = text is null ? -1 : Encoding.UTF8.GetByteCount(text);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        if (length <= 0)
            return;
        buffer.Advance(Encoding.UTF8.GetBytes(text, buffer.GetSpan(length)));
    }
}
