using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PromptConsole.Domain.Notifications;

/// <summary>What a receiver's check of a signature header found.</summary>
public enum SignatureCheck
{
    Valid,

    /// <summary>No header, or not <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>.</summary>
    Malformed,

    /// <summary>Signed too long ago (or in the future): a replayed or badly delayed request.</summary>
    OutsideTolerance,

    /// <summary>No <c>v1</c> matches: another secret, or the body was changed.</summary>
    Mismatch,
}

/// <summary>
/// The webhook signature, Stripe-style: <c>X-PromptConsole-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c> where
/// the hex is HMAC-SHA256 with the channel's secret over <c>&lt;t&gt;.&lt;raw body&gt;</c>. Signing the timestamp with the
/// body (rather than the body alone, as a bare <c>sha256=</c> header would) lets a receiver refuse a captured request
/// replayed later: changing <c>t</c> breaks the signature, and an old <c>t</c> falls outside the tolerance. Several
/// <c>v1</c> values may be present (a receiver accepts any), which leaves room for rotating a secret.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-PromptConsole-Signature";

    /// <summary>Stripe's default: enough for clock skew and a slow network, short enough to make replay useless.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Lower-case hex HMAC-SHA256 over <c>&lt;timestamp&gt;.&lt;body&gt;</c>.</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>The header value for a request sent at <paramref name="timestamp"/> (unix seconds).</summary>
    public static string HeaderValue(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, timestamp, body)}";

    /// <summary>
    /// A receiver's check: the header parses, its timestamp is within <paramref name="tolerance"/> of
    /// <paramref name="now"/>, and one <c>v1</c> equals the signature of the raw body as received (compared in constant time).
    /// </summary>
    public static SignatureCheck Verify(string? header, string secret, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!TryParse(header, out var timestamp, out var signatures))
            return SignatureCheck.Malformed;
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
            return SignatureCheck.OutsideTolerance;

        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        var matched = false;
        foreach (var signature in signatures)
            matched |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
        return matched ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private static bool TryParse(string? header, out long timestamp, out List<string> signatures)
    {
        timestamp = 0;
        signatures = [];
        if (string.IsNullOrWhiteSpace(header))
            return false;

        var sawTimestamp = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                return false;
            var key = part[..equals];
            var value = part[(equals + 1)..];
            if (key == "t")
            {
                if (sawTimestamp || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp))
                    return false;
                sawTimestamp = true;
            }
            else if (key == "v1")
            {
                signatures.Add(value);
            }

            // Other schemes (a future v2) are ignored, as Stripe's receivers do.
        }

        return sawTimestamp && signatures.Count > 0;
    }
}
