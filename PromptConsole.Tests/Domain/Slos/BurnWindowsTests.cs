using PromptConsole.Domain.Slos;

namespace PromptConsole.Tests.Domain.Slos;

public sealed class BurnWindowsTests
{
    /// <summary>period (days), window name, its length for that period (as Sloth scales: duration × period / 30 d).</summary>
    public static TheoryData<int, string, TimeSpan> Scaled => new()
    {
        { 30, "5m", TimeSpan.FromMinutes(5) },
        { 30, "30m", TimeSpan.FromMinutes(30) },
        { 30, "1h", TimeSpan.FromHours(1) },
        { 30, "6h", TimeSpan.FromHours(6) },
        { 30, "1d", TimeSpan.FromDays(1) },
        { 30, "3d", TimeSpan.FromDays(3) },
        { 28, "5m", TimeSpan.FromSeconds(280) },
        { 28, "30m", TimeSpan.FromMinutes(28) },
        { 28, "1h", TimeSpan.FromMinutes(56) },
        { 28, "6h", new TimeSpan(5, 36, 0) },
        { 28, "1d", new TimeSpan(22, 24, 0) },
        { 28, "3d", new TimeSpan(2, 19, 12, 0) },
        { 7, "5m", TimeSpan.FromSeconds(70) },
        { 7, "30m", TimeSpan.FromMinutes(7) },
        { 7, "1h", TimeSpan.FromMinutes(14) },
        { 7, "6h", new TimeSpan(1, 24, 0) },
        { 7, "1d", new TimeSpan(5, 36, 0) },
        { 7, "3d", new TimeSpan(16, 48, 0) },
    };

    [Theory]
    [MemberData(nameof(Scaled))]
    public void Each_window_is_scaled_to_the_period(int periodDays, string name, TimeSpan expected)
    {
        var window = Assert.Single(BurnWindows.For(TimeSpan.FromDays(periodDays)), w => w.Name == name);

        Assert.Equal(expected, window.Duration);
    }

    [Fact]
    public void The_windows_are_named_as_the_workbook_does_shortest_first()
    {
        Assert.Equal(["5m", "30m", "1h", "6h", "1d", "3d"], BurnWindows.Names);
        var durations = BurnWindows.For(TimeSpan.FromDays(7)).Select(w => w.Duration).ToArray();
        Assert.Equal(durations.Order(), durations);
    }

    [Theory]
    [InlineData(300, "5m")]
    [InlineData(70, "1m10s")]
    [InlineData(280, "4m40s")]
    [InlineData(3600, "1h")]
    [InlineData(20160, "5h36m")]
    [InlineData(242_720, "2d19h25m20s")]
    [InlineData(2_592_000, "30d")]
    [InlineData(0.5, "500ms")]
    public void Durations_are_written_as_Prometheus_ranges(double seconds, string expected)
    {
        Assert.Equal(expected, BurnWindows.PrometheusDuration(TimeSpan.FromSeconds(seconds)));
    }
}
