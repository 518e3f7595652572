namespace PromptConsole.Domain.Experiments.Targeting;

/// <summary>
/// A request's attribute value as a number, parsed once per request rather than once per condition:
/// routing checks every running experiment's targeting against the same attribute strings, and with
/// 20 experiments comparing a number the parsing was the largest part of routing. The last string
/// parsed on this thread is remembered by reference (the request's own string instance), so another
/// request's equal text is parsed again and nothing stale can be served.
/// </summary>
internal static class ParsedNumber
{
    [ThreadStatic]
    private static string? t_text;

    [ThreadStatic]
    private static double t_number;

    [ThreadStatic]
    private static bool t_parsed;

    public static bool TryGet(string text, out double number)
    {
        if (!ReferenceEquals(text, t_text))
        {
            t_parsed = TargetingValues.TryParseNumber(text, out t_number);
            t_text = text;
        }

        number = t_number;
        return t_parsed;
    }
}
