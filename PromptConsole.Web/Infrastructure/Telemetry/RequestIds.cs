using Microsoft.Extensions.Primitives;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// The <c>X-Request-ID</c> of a request: the caller's when it is sane, otherwise a new one. The
/// value ends up in response headers, span attributes and log lines, so anything that could break
/// a header or a log line (control characters, non-ASCII, unbounded length) is replaced, not cleaned.
/// </summary>
public static class RequestIds
{
    public const string HeaderName = "X-Request-ID";

    public const int MaxLength = 128;

    /// <summary>The caller's id when it is one value of 1..128 printable ASCII characters (space included, not only spaces); otherwise null.</summary>
    public static string? Accept(StringValues header)
    {
        if (header.Count != 1)
            return null;
        var value = header[0];
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
            return null;
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
                return null;
        }

        return value;
    }

    /// <summary>32 lowercase hex digits, random.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    public static string AcceptOrNew(StringValues header) => Accept(header) ?? New();
}
