using System.Security.Cryptography;
using System.Text;
using PromptConsole.Domain.Notifications;

namespace PromptConsole.Tests.Domain.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec-0123456789abcdef";
    private const long Timestamp = 1_767_225_600; // 2026-01-01T00:00:00Z
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"kind":"firing","title":"Error rate above 5 %"}""");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    /// <summary>Computed here with the framework's HMAC directly, independently of the code under test.</summary>
    private static string Independent(string secret, long timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var signed = Encoding.UTF8.GetBytes($"{timestamp}.").Concat(body).ToArray();
        return Convert.ToHexStringLower(hmac.ComputeHash(signed));
    }

    [Fact]
    public void Signs_timestamp_dot_body_with_hmac_sha256()
    {
        var expected = Independent(Secret, Timestamp, Body);

        Assert.Equal(expected, WebhookSignature.Compute(Secret, Timestamp, Body));
        Assert.Equal($"t={Timestamp},v1={expected}", WebhookSignature.HeaderValue(Secret, Timestamp, Body));
        Assert.Equal("X-PromptConsole-Signature", WebhookSignature.HeaderName);
    }

    [Fact]
    public void Matches_a_fixed_vector()
    {
        // HMAC-SHA256(key "key", message "1.{}"), computed outside .NET (Python's hmac), so a change of the signed form cannot go unnoticed.
        Assert.Equal("1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224", WebhookSignature.Compute("key", 1, "{}"u8));
        Assert.Equal("t=1,v1=1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224", WebhookSignature.HeaderValue("key", 1, "{}"u8));
    }

    public static TheoryData<string, string?, string, byte[], DateTimeOffset, SignatureCheck> Checks
    {
        get
        {
            var good = WebhookSignature.HeaderValue(Secret, Timestamp, Body);
            var signature = WebhookSignature.Compute(Secret, Timestamp, Body);
            return new()
            {
                { "the header as sent", good, Secret, Body, SignedAt, SignatureCheck.Valid },
                { "received a minute later", good, Secret, Body, SignedAt.AddMinutes(1), SignatureCheck.Valid },
                { "exactly at the tolerance", good, Secret, Body, SignedAt.AddMinutes(5), SignatureCheck.Valid },
                { "replayed after the tolerance", good, Secret, Body, SignedAt.AddMinutes(5).AddSeconds(1), SignatureCheck.OutsideTolerance },
                { "dated in the future beyond the tolerance", good, Secret, Body, SignedAt.AddMinutes(-6), SignatureCheck.OutsideTolerance },
                { "another secret", good, "whsec-another-secret-0000", Body, SignedAt, SignatureCheck.Mismatch },
                { "a changed body", good, Secret, Encoding.UTF8.GetBytes("""{"kind":"resolved","title":"Error rate above 5 %"}"""), SignedAt, SignatureCheck.Mismatch },
                { "a moved timestamp breaks the signature", $"t={Timestamp + 60},v1={signature}", Secret, Body, SignedAt, SignatureCheck.Mismatch },
                { "upper-case hex is accepted", $"t={Timestamp},v1={signature.ToUpperInvariant()}", Secret, Body, SignedAt, SignatureCheck.Valid },
                { "any of several v1 values (rotation)", $"t={Timestamp},v1={new string('0', 64)},v1={signature}", Secret, Body, SignedAt, SignatureCheck.Valid },
                { "spaces and unknown schemes are ignored", $" t={Timestamp} , v0=abc , v1={signature} ", Secret, Body, SignedAt, SignatureCheck.Valid },
                { "no header", null, Secret, Body, SignedAt, SignatureCheck.Malformed },
                { "an empty header", "", Secret, Body, SignedAt, SignatureCheck.Malformed },
                { "a bare sha256 header", $"sha256={signature}", Secret, Body, SignedAt, SignatureCheck.Malformed },
                { "no timestamp", $"v1={signature}", Secret, Body, SignedAt, SignatureCheck.Malformed },
                { "no signature", $"t={Timestamp}", Secret, Body, SignedAt, SignatureCheck.Malformed },
                { "a timestamp that is not a number", $"t=soon,v1={signature}", Secret, Body, SignedAt, SignatureCheck.Malformed },
                { "two timestamps", $"t={Timestamp},t={Timestamp},v1={signature}", Secret, Body, SignedAt, SignatureCheck.Malformed },
                { "a part without '='", $"t={Timestamp},v1{signature}", Secret, Body, SignedAt, SignatureCheck.Malformed },
                { "a truncated signature", $"t={Timestamp},v1={signature[..63]}", Secret, Body, SignedAt, SignatureCheck.Mismatch },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Receivers_check_the_header(string rule, string? header, string secret, byte[] body, DateTimeOffset now, SignatureCheck expected)
    {
        var found = WebhookSignature.Verify(header, secret, body, now, WebhookSignature.DefaultTolerance);

        Assert.True(expected == found, $"{rule}: expected {expected}, found {found}");
    }
}
