using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Caching;

/// <summary>Everything that decides an answer, and whose answer it is (the tenant).</summary>
public sealed record ExactCacheKeyInput(
    string PromptKey,
    int Version,
    string? SystemText,
    string UserText,
    ModelSettings Model,
    string? Tenant);

/// <summary>
/// The exact cache's key: SHA-256 (lower-case hex) over a length-prefixed encoding of the prompt key, the version,
/// the rendered messages, the model with its parameters and fallbacks, and the tenant. Length prefixes keep fields
/// from running into each other ("ab"+"c" differs from "a"+"bc"); null and empty are told apart. The version is in the
/// key, so a new version never serves an old version's answer, and so is the tenant, so tenants never share.
/// </summary>
public static class ExactCacheKey
{
    /// <summary>Bumped when the encoding changes, so old entries are simply never found again.</summary>
    private const string Scheme = "exact-v1";

    public static string Compute(ExactCacheKeyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var buffer = new ArrayBufferWriter<byte>(256 + (input.UserText.Length * 2) + ((input.SystemText?.Length ?? 0) * 2));
        Write(buffer, Scheme);
        Write(buffer, input.PromptKey);
        Write(buffer, input.Version.ToString(CultureInfo.InvariantCulture));
        Write(buffer, input.SystemText);
        Write(buffer, input.UserText);
        Write(buffer, input.Model.Model);
        Write(buffer, input.Model.Temperature?.ToString("R", CultureInfo.InvariantCulture));
        Write(buffer, input.Model.MaxTokens?.ToString(CultureInfo.InvariantCulture));
        var fallbacks = input.Model.Fallbacks;
        Write(buffer, fallbacks.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var fallback in fallbacks)
            Write(buffer, fallback);
        Write(buffer, input.Tenant);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>The tag every entry of a prompt carries (purge by prompt).</summary>
    public static string PromptTag(string promptKey) => "prompt:" + promptKey;

    /// <summary>The tag every entry of one version carries (purge by version).</summary>
    public static string VersionTag(string promptKey, int version) =>
        "prompt:" + promptKey + ":v" + version.ToString(CultureInfo.InvariantCulture);

    private static void Write(ArrayBufferWriter<byte> buffer, string? text)
    {
        // -1 for null, else the UTF-8 byte count, then the bytes.
        var length = text is null ? -1 : Encoding.UTF8.GetByteCount(text);
        var prefix = buffer.GetSpan(4);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(prefix, length);
        buffer.Advance(4);
        if (length <= 0)
            return;
        var written = Encoding.UTF8.GetBytes(text, buffer.GetSpan(length));
        buffer.Advance(written);
    }
}
