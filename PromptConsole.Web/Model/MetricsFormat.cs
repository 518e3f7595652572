using System.Globalization;

namespace PromptConsole.Web.Model;

/// <summary>
/// How the metrics pages write numbers: few significant digits on tiles and axes, a dash when
/// there is nothing to measure (no executions is not the same as zero latency). Tests read the
/// raw numbers from <c>data-value</c> attributes, never these strings.
/// </summary>
public static class MetricsFormat
{
    public const string Nothing = "—";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Count(long count) => count.ToString("#,0", Invariant);

    /// <summary>1,234 below ten thousand, then 12.3k, 4.56M: token counts grow large quickly.</summary>
    public static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1e9 => (value / 1e9).ToString("0.##", Invariant) + "B",
        >= 1e6 => (value / 1e6).ToString("0.##", Invariant) + "M",
        >= 1e4 => (value / 1e3).ToString("0.#", Invariant) + "k",
        >= 100 => value.ToString("#,0", Invariant),
        >= 10 => value.ToString("0.#", Invariant),
        _ => value.ToString("0.##", Invariant),
    };

    public static string PerSecond(double? perSecond) => perSecond is { } value ? Significant(value) + "/s" : Nothing;

    public static string Percent(double? share) => share switch
    {
        null => Nothing,
        0 => "0%",
        < 0.001 => (share.Value * 100).ToString("0.00", Invariant) + "%",
        _ => (share.Value * 100).ToString("0.#", Invariant) + "%",
    };

    public static string Latency(double? ms) => ms switch
    {
        null => Nothing,
        < 1 => ms.Value.ToString("0.00", Invariant) + " ms",
        < 1000 => ms.Value.ToString("0", Invariant) + " ms",
        _ => (ms.Value / 1000).ToString("0.00", Invariant) + " s",
    };

    /// <summary>Dollars with as many decimals as the amount needs: LLM calls often cost fractions of a cent.</summary>
    public static string Usd(decimal usd) => Math.Abs(usd) switch
    {
        0 => "$0",
        >= 100 => usd.ToString("$#,0", Invariant),
        >= 1 => usd.ToString("$0.00", Invariant),
        >= 0.01m => usd.ToString("$0.0000", Invariant),
        _ => usd.ToString("$0.000000", Invariant),
    };

    public static string Usd(double? usd) => usd is { } value ? Usd((decimal)value) : Nothing;

    /// <summary>"×14.40": an SLO's burn rate; "—" for a window without events.</summary>
    public static string BurnRate(double? rate) => rate is { } value && double.IsFinite(value) ? "×" + value.ToString("0.00", Invariant) : Nothing;

    public static string Quality(double? average) => average is { } value ? value.ToString("0.00", Invariant) : Nothing;

    public static string Plural(long count, string one, string many) => $"{Count(count)} {(count == 1 ? one : many)}";

    /// <summary>The number as an attribute value: invariant, round-trippable, empty when absent.</summary>
    public static string Raw(object? value) => value switch
    {
        null => string.Empty,
        double d when !double.IsFinite(d) => string.Empty,
        IFormattable formattable => formattable.ToString(null, Invariant),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A value in the unit a chart plots, for its axis, legend and tooltips.</summary>
    public static string Of(ChartUnit unit, double? value) => unit switch
    {
        ChartUnit.PerSecond => PerSecond(value),
        ChartUnit.Milliseconds => Latency(value),
        ChartUnit.Share => Percent(value),
        ChartUnit.UsdPerMinute => value is null ? Nothing : Usd(value) + "/min",
        ChartUnit.TokensPerMinute => value is { } tokens ? Compact(tokens) + "/min" : Nothing,
        ChartUnit.Usd => Usd(value),
        ChartUnit.Count => value is { } count ? Compact(count) : Nothing,
        ChartUnit.Score => value is { } score ? score.ToString("0.000", Invariant) : Nothing,
        ChartUnit.BurnRate => BurnRate(value),
        _ => value?.ToString(Invariant) ?? Nothing,
    };

    /// <summary>A shorter form for axis ticks, where space is tight.</summary>
    public static string Tick(ChartUnit unit, double value) => unit switch
    {
        ChartUnit.PerSecond => Significant(value),
        ChartUnit.Milliseconds => value >= 1000 ? (value / 1000).ToString("0.#", Invariant) + " s" : value.ToString("0", Invariant) + " ms",
        ChartUnit.Share => (value * 100).ToString("0.#", Invariant) + "%",
        ChartUnit.UsdPerMinute or ChartUnit.Usd => UsdTick(value),
        ChartUnit.Count => Compact(value),
        ChartUnit.Score => Significant(value),
        ChartUnit.BurnRate => "×" + value.ToString("0.#", Invariant),
        ChartUnit.TokensPerMinute => Math.Abs(value) switch
        {
            >= 1e6 => (value / 1e6).ToString("0.#", Invariant) + "M",
            >= 1e3 => (value / 1e3).ToString("0.#", Invariant) + "k",
            _ => value.ToString("0.#", Invariant),
        },
        _ => value.ToString(Invariant),
    };

    /// <summary>Axis dollars without trailing zeros: $0.5, $0.25, $0.0001.</summary>
    private static string UsdTick(double usd) => Math.Abs(usd) switch
    {
        0 => "$0",
        >= 100 => usd.ToString("$#,0", Invariant),
        >= 1 => usd.ToString("$0.##", Invariant),
        _ => usd.ToString("$0.######", Invariant),
    };

    private static string Significant(double value) => Math.Abs(value) switch
    {
        0 => "0",
        >= 100 => value.ToString("#,0", Invariant),
        >= 10 => value.ToString("0.#", Invariant),
        >= 0.1 => value.ToString("0.##", Invariant),
        _ => value.ToString("0.###", Invariant),
    };
}
