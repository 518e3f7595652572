using System.Globalization;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// Renders a measurement's tags as the inside of a Prometheus label block (<c>a="x",b="y"</c>),
/// sorted by name and escaped, into a per-thread buffer: the text is both the series key (looked
/// up as a span, so a known series costs no allocation) and the label string written at scrape.
/// </summary>
internal static class LabelRenderer
{
    public const string OverflowValue = "overflow";

    [ThreadStatic]
    private static char[]? t_buffer;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> LabelNames = new(StringComparer.Ordinal);

    public static ReadOnlySpan<char> Render(ReadOnlySpan<KeyValuePair<string, object?>> tags, bool overflow = false)
    {
        var buffer = t_buffer ??= new char[256];
        Span<int> order = tags.Length <= 32 ? stackalloc int[tags.Length] : new int[tags.Length];
        for (var i = 0; i < order.Length; i++)
        {
            // Insertion sort: tag lists are short and usually already in order.
            var j = i;
            while (j > 0 && string.CompareOrdinal(tags[order[j - 1]].Key, tags[i].Key) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = i;
        }

        var length = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var tag = tags[order[i]];
            if (i > 0)
                Append(ref buffer, ref length, ",");
            Append(ref buffer, ref length, LabelNames.GetOrAdd(tag.Key, PrometheusText.LabelName));
            Append(ref buffer, ref length, "=\"");
            if (overflow)
                Append(ref buffer, ref length, OverflowValue);
            else
                AppendValue(ref buffer, ref length, tag.Value);
            Append(ref buffer, ref length, "\"");
        }

        t_buffer = buffer;
        return buffer.AsSpan(0, length);
    }

    private static void AppendValue(ref char[] buffer, ref int length, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                AppendEscaped(ref buffer, ref length, text);
                return;
            case bool flag:
                Append(ref buffer, ref length, flag ? "true" : "false");
                return;
            case ISpanFormattable formattable:
                Span<char> scratch = stackalloc char[64];
                if (formattable.TryFormat(scratch, out var written, default, CultureInfo.InvariantCulture))
                {
                    AppendEscaped(ref buffer, ref length, scratch[..written]);
                    return;
                }

                break;
        }

        AppendEscaped(ref buffer, ref length, Convert.ToString(value, CultureInfo.InvariantCulture));
    }

    private static void AppendEscaped(ref char[] buffer, ref int length, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': Append(ref buffer, ref length, @"\\"); break;
                case '"': Append(ref buffer, ref length, "\\\""); break;
                case '\n': Append(ref buffer, ref length, @"\n"); break;
                default:
                    Ensure(ref buffer, length + 1);
                    buffer[length++] = c;
                    break;
            }
        }
    }

    private static void Append(ref char[] buffer, ref int length, ReadOnlySpan<char> text)
    {
        Ensure(ref buffer, length + text.Length);
        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
    }

    private static void Ensure(ref char[] buffer, int needed)
    {
        if (needed <= buffer.Length)
            return;
        Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
    }
}
