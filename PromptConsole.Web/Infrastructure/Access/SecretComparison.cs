using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>Compares a presented secret with a configured one in constant time, whatever their lengths (both are hashed first).</summary>
public static class SecretComparison
{
    // The configured secret is the same string on every request (options are bound once), so its hash is
    // kept rather than computed again per call; a different string (options reloaded, another secret) replaces it.
    private static ExpectedHash? _lastExpected;

    public static bool FixedTimeEquals(string presented, string expected)
    {
        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        HashUtf8(presented, presentedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, HashOf(expected));
    }

    private static ReadOnlySpan<byte> HashOf(string expected)
    {
        var last = Volatile.Read(ref _lastExpected);
        if (last is not null && ReferenceEquals(last.Secret, expected))
            return last.Hash;
        var hash = new byte[SHA256.HashSizeInBytes];
        HashUtf8(expected, hash);
        Volatile.Write(ref _lastExpected, new ExpectedHash(expected, hash));
        return hash;
    }

    private static void HashUtf8(string text, Span<byte> hash)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            SHA256.HashData(rented.AsSpan(0, length), hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan());
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private sealed record ExpectedHash(string Secret, byte[] Hash);
}
