using System.Globalization;
using System.Text;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>The lexical rules of the Prometheus text exposition format 0.0.4.</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A metric name: [a-zA-Z_:][a-zA-Z0-9_:]*; dots and every other character become underscores.</summary>
    public static string MetricName(string name) => Sanitise(name, allowColon: true);

    /// <summary>A label name: [a-zA-Z_][a-zA-Z0-9_]*.</summary>
    public static string LabelName(string name) => Sanitise(name, allowColon: false);

    /// <summary>
    /// The Prometheus name of an instrument: sanitised, with the unit as a suffix (seconds,
    /// bytes, …; annotations such as <c>{token}</c> add nothing) and <c>_total</c> for counters.
    /// </summary>
    public static string FamilyName(string instrumentName, string? unit, bool isCounter)
    {
        var name = MetricName(instrumentName);
        var suffix = UnitSuffix(unit);
        if (suffix is not null && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
            name += "_" + suffix;
        if (isCounter)
            return CounterSampleName(name);

        // _count, _sum and _bucket belong to histogram samples; a gauge such as
        // dotnet.assembly.count would read as one (and promtool rejects it).
        return name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal)
            ? name + "_value"
            : name;
    }

    /// <summary>The name of the samples of a counter family.</summary>
    public static string CounterSampleName(string familyName) =>
        familyName.EndsWith("_total", StringComparison.Ordinal) ? familyName : familyName + "_total";

    public static string? UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => null,
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "min" => "minutes",
        "h" => "hours",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "%" => "percent",
        _ when unit.StartsWith('{') => null, // an annotation such as {token} names what is counted, not a unit
        _ => LabelName(unit.ToLowerInvariant()),
    };

    /// <summary>Escapes HELP text: backslash and line feed.</summary>
    public static string HelpText(string text)
    {
        if (text.AsSpan().IndexOfAny('\\', '\n') < 0)
            return text;
        return text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);
    }

    /// <summary>A sample value: shortest round-trip form, with Prometheus' spelling of infinities and NaN.</summary>
    public static void AppendValue(StringBuilder builder, double value)
    {
        if (double.IsPositiveInfinity(value))
            builder.Append("+Inf");
        else if (double.IsNegativeInfinity(value))
            builder.Append("-Inf");
        else if (double.IsNaN(value))
            builder.Append("NaN");
        else
            builder.Append(CultureInfo.InvariantCulture, $"{value}");
    }

    public static string FormatValue(double value)
    {
        var builder = new StringBuilder(24);
        AppendValue(builder, value);
        return builder.ToString();
    }

    private static string Sanitise(string name, bool allowColon)
    {
        if (name.Length == 0)
            return "_";
        var valid = true;
        for (var i = 0; i < name.Length && valid; i++)
            valid = IsValid(name[i], i == 0, allowColon);
        if (valid)
            return name;

        return string.Create(name.Length, (name, allowColon), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.name[i];
                span[i] = IsValid(c, i == 0, state.allowColon) ? c : '_';
            }
        });
    }

    private static bool IsValid(char c, bool first, bool allowColon) =>
        char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (!first && char.IsAsciiDigit(c));
}
