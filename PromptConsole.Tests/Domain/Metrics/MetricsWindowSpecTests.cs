using PromptConsole.Domain.Metrics;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class MetricsWindowSpecTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData(" 1h ", 3600)]
    [InlineData("24h", 86400)]
    [InlineData("7d", 604800)]
    [InlineData("366d", 31622400)]
    public void Windows_are_read_like_prometheus_durations(string text, long seconds)
    {
        var parsed = MetricsWindowSpec.Parse(text);
        Assert.True(parsed.IsSuccess);
        Assert.Equal(TimeSpan.FromSeconds(seconds), parsed.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("5")]
    [InlineData("5w")]
    [InlineData("1.5h")]
    [InlineData("367d")]
    [InlineData("99999999999999999999d")]
    [InlineData("9999999999999h")]
    public void Anything_else_is_refused_naming_the_field(string? text)
    {
        var parsed = MetricsWindowSpec.Parse(text);
        Assert.False(parsed.IsSuccess);
        Assert.Equal("invalid-window", parsed.Error!.Code);
        Assert.Equal("window", Assert.Single(parsed.Error.Fields!).Field);
    }
}
