using System.Text.RegularExpressions;

namespace PromptConsole.Domain.Caching;

/// <summary>
/// The tokens inside free text that change an answer however similar the sentences are: numbers, quoted strings and
/// identifiers (ids such as ORD-12345, e-mail addresses, URLs, UUIDs, code-like tokens such as snake_case, camelCase
/// or calls). MiniLM scores "refund order 1234" and "refund order 1243" at 0.99; two texts only share an answer when
/// their guards are equal as multisets. Each token is kept with its kind, in a canonical (sorted) order.
/// </summary>
public static partial class SemanticGuards
{
    /// <summary>
    /// Alternatives in priority order (the regex engine takes the first that matches at a position): URLs and e-mail
    /// addresses before identifiers, identifiers before bare numbers, so "ORD-12345" is one id rather than a number.
    /// </summary>
    [GeneratedRegex(
        """
        (?<url>\b(?:https?|ftp)://[^\s"'<>`]+)
        |(?<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
        |(?<uuid>\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)
        |"(?<quoted>[^"\r\n]{1,200})"
        |“(?<quoted>[^”\r\n]{1,200})”
        |`(?<quoted>[^`\r\n]{1,200})`
        |(?<![\w'])'(?<quoted>[^'\r\n]{1,200})'(?![\w])
        |(?<id>\b[A-Za-z]+[-_#/]?\d[\w-]*\b|\b\d+[A-Za-z][\w-]*\b)
        |(?<code>\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\(\)|\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\(|\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+[A-Z]\w*\b|\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b(?=\s|$|[,;:)]))
        |(?<number>[-+]?\d+(?:[.,]\d+)*)
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Tokens();

    /// <summary>The guard tokens of <paramref name="text"/>, each prefixed with its kind, sorted ordinally.</summary>
    public static IReadOnlyList<string> Extract(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return [];
        var tokens = new List<string>();
        foreach (Match match in Tokens().Matches(text))
        {
            var token = Token(match);
            if (token is not null)
                tokens.Add(token);
        }

        tokens.Sort(StringComparer.Ordinal);
        return tokens;
    }

    /// <summary>Equal as multisets (both lists come sorted from <see cref="Extract"/>).</summary>
    public static bool Same(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Count != right.Count)
            return false;
        for (var i = 0; i < left.Count; i++)
        {
            if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    private static string? Token(Match match)
    {
        // Quoted text is compared as written; ids, addresses and numbers ignore case and a trailing full stop.
        if (match.Groups["quoted"] is { Success: true } quoted)
            return "q:" + quoted.Value.Trim();
        if (match.Groups["url"] is { Success: true } url)
            return "u:" + url.Value.TrimEnd('.', ',', ';', ':', ')', '!', '?').ToLowerInvariant();
        if (match.Groups["email"] is { Success: true } email)
            return "e:" + email.Value.TrimEnd('.').ToLowerInvariant();
        if (match.Groups["uuid"] is { Success: true } uuid)
            return "g:" + uuid.Value.ToLowerInvariant();
        if (match.Groups["id"] is { Success: true } id)
            return "i:" + id.Value.ToUpperInvariant();
        if (match.Groups["code"] is { Success: true } code)
            return "c:" + code.Value;
        if (match.Groups["number"] is { Success: true } number)
            return "n:" + number.Value.TrimEnd('.', ',').Replace(",", string.Empty, StringComparison.Ordinal);
        return null;
    }
}
