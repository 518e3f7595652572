using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class MetricsRangeTests
{
    [Theory]
    [InlineData(null, "15m")]
    [InlineData("", "15m")]
    [InlineData("15m", "15m")]
    [InlineData("5m", "5m")]
    [InlineData("1h", "1h")]
    [InlineData(" 24H ", "24h")]
    [InlineData("7d", "7d")]
    [InlineData("30d", "15m")]
    [InlineData("<script>", "15m")]
    public void A_link_names_one_of_the_offered_ranges_and_anything_else_is_live(string? key, string expected) =>
        Assert.Equal(expected, MetricsRange.Parse(key).Key);

    [Fact]
    public void Only_the_live_ranges_follow_every_execution_and_tick_each_second()
    {
        Assert.All(new[] { MetricsRange.LiveFiveMinutes, MetricsRange.Live }, live =>
        {
            Assert.True(live.IsLive);
            Assert.Equal(TimeSpan.FromSeconds(1), live.Tick);
            Assert.InRange(live.Throttle, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        });
        Assert.True(MetricsRange.Live.IsDefault);
        Assert.False(MetricsRange.LiveFiveMinutes.IsDefault);
        Assert.All(MetricsRange.All.Skip(2), range =>
        {
            Assert.False(range.IsLive);
            Assert.False(range.IsDefault);
            Assert.True(range.Throttle > MetricsRange.Live.Throttle);
        });
    }

    [Theory]
    [InlineData("5m", "the last 5 minutes", "last 5 min", "HH:mm:ss")]
    [InlineData("15m", "the last 15 minutes", "last 15 min", "HH:mm:ss")]
    [InlineData("1h", "the last hour", "last 1 h", "HH:mm")]
    [InlineData("24h", "the last 24 hours", "last 24 h", "HH:mm")]
    [InlineData("7d", "the last 7 days", "last 7 d", "MMM d HH:mm")]
    public void Ranges_describe_themselves(string key, string sentence, string brief, string timeFormat)
    {
        var range = MetricsRange.Parse(key);
        Assert.Equal(sentence, range.Describe());
        Assert.Equal(brief, range.Brief);
        Assert.Equal(timeFormat, range.TimeFormat);
    }
}
