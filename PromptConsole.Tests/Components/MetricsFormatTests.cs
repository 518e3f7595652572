using System.Globalization;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class MetricsFormatTests
{
    [Theory]
    [InlineData(0, "$0")]
    [InlineData(0.000075, "$0.000075")]
    [InlineData(0.0133, "$0.0133")]
    [InlineData(19.156, "$19.16")]
    [InlineData(1234.5, "$1,235")]
    public void Dollars_get_the_decimals_small_amounts_need(double usd, string expected) =>
        Assert.Equal(expected, MetricsFormat.Usd((decimal)usd));

    [Theory]
    [InlineData(null, "—")]
    [InlineData(0.42, "0.42 ms")]
    [InlineData(257.4, "257 ms")]
    [InlineData(1380.0, "1.38 s")]
    public void Latencies_switch_to_seconds_past_one_second(double? ms, string expected) =>
        Assert.Equal(expected, MetricsFormat.Latency(ms));

    [Theory]
    [InlineData(null, "—")]
    [InlineData(0.0, "0%")]
    [InlineData(0.0004, "0.04%")]
    [InlineData(0.372, "37.2%")]
    [InlineData(1.0, "100%")]
    public void Shares_are_percentages_and_absent_ones_a_dash(double? share, string expected) =>
        Assert.Equal(expected, MetricsFormat.Percent(share));

    [Theory]
    [InlineData(999, "999")]
    [InlineData(4_847, "4,847")]
    [InlineData(26_300, "26.3k")]
    [InlineData(4_560_000, "4.56M")]
    public void Large_counts_are_written_compactly(double value, string expected) =>
        Assert.Equal(expected, MetricsFormat.Compact(value));

    [Theory]
    [InlineData(0.5, "$0.5")]
    [InlineData(0.25, "$0.25")]
    [InlineData(0.0001, "$0.0001")]
    [InlineData(2.0, "$2")]
    [InlineData(0.0, "$0")]
    public void Dollar_axis_ticks_drop_trailing_zeros(double usd, string expected) =>
        Assert.Equal(expected, MetricsFormat.Tick(ChartUnit.UsdPerMinute, usd));

    [Theory]
    [InlineData(5_000.0, "5k")]
    [InlineData(12_500.0, "12.5k")]
    [InlineData(2_000_000.0, "2M")]
    [InlineData(250.0, "250")]
    public void Token_axis_ticks_are_short(double tokens, string expected) =>
        Assert.Equal(expected, MetricsFormat.Tick(ChartUnit.TokensPerMinute, tokens));

    [Fact]
    public void Raw_values_for_test_hooks_ignore_the_culture_and_round_trip()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.Equal("0.1", MetricsFormat.Raw(0.1));
            Assert.Equal("19.155", MetricsFormat.Raw(19.155m));
            Assert.Equal("1234567", MetricsFormat.Raw(1_234_567L));
            Assert.Equal(string.Empty, MetricsFormat.Raw(null));
            Assert.Equal(string.Empty, MetricsFormat.Raw(double.NaN));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
