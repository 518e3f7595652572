using System.Security.Cryptography;
using System.Text;

namespace PromptConsole.Domain.Access;

/// <summary>
/// The secret an application presents: <c>pck_</c>, a 10-character lookup prefix, <c>_</c>, a 32-character
/// secret, all from a lowercase alphabet without look-alikes. Only the prefix is stored in clear (to find the
/// key and show it); the secret part is stored as its SHA-256. A fast hash is right here, unlike passwords:
/// the secret carries about 158 random bits, so there is nothing for a slow hash to protect against guessing.
/// </summary>
public sealed record ApiKeyToken(string Prefix, string Secret)
{
    public const string Marker = "pck_";
    public const int PrefixLength = 10;
    public const int SecretLength = 32;
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public string Value => Marker + Prefix + "_" + Secret;

    /// <summary>What the console shows: enough to tell keys apart, nothing that lets anyone use one.</summary>
    public string Display => Marker + Prefix + "…";

    public static ApiKeyToken Generate() => new(Random(PrefixLength), Random(SecretLength));

    /// <summary>Null when <paramref name="value"/> is not shaped like a key (then it is not looked up at all).</summary>
    public static ApiKeyToken? TryParse(string? value)
    {
        if (value is null || value.Length != Marker.Length + PrefixLength + 1 + SecretLength || !value.StartsWith(Marker, StringComparison.Ordinal))
            return null;
        var prefix = value.Substring(Marker.Length, PrefixLength);
        if (value[Marker.Length + PrefixLength] != '_')
            return null;
        var secret = value[(Marker.Length + PrefixLength + 1)..];
        return IsFromAlphabet(prefix) && IsFromAlphabet(secret) ? new ApiKeyToken(prefix, secret) : null;
    }

    /// <summary>Lowercase hex SHA-256 of the secret part.</summary>
    public string SecretHash() => HashSecret(Secret);

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares in constant time so the time taken says nothing about how much of a guess was right.</summary>
    public bool Matches(string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SecretHash()), Encoding.ASCII.GetBytes(storedHash));

    private static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    private static bool IsFromAlphabet(string text) => text.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
