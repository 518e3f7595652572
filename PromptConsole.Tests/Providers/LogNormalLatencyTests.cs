using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Tests.Providers;

public class LogNormalLatencyTests
{
    [Fact]
    public void Samples_have_the_configured_median_and_95th_percentile()
    {
        var latency = new LogNormalLatency(250, 900);
        var random = new Random(42);
        var samples = new double[20_000];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = latency.Sample(1 - random.NextDouble(), 1 - random.NextDouble()).TotalMilliseconds;
        Array.Sort(samples);

        Assert.InRange(samples[samples.Length / 2], 240, 260);
        Assert.InRange(samples[(int)(samples.Length * 0.95)], 850, 950);
        Assert.True(samples[^1] <= 900 * 4, "The tail is capped.");
        Assert.True(samples[0] > 0);
    }

    [Fact]
    public void A_zero_median_is_instant()
    {
        Assert.Equal(TimeSpan.Zero, new LogNormalLatency(0, 900).Sample(0.5, 0.5));
        Assert.True(new LogNormalLatency(0, 0).IsInstant);
    }

    [Theory]
    [InlineData(0.01, 0.3)]
    [InlineData(0.9, 0.7)]
    public void A_p95_not_above_the_median_gives_a_constant_latency(double u1, double u2)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(300), new LogNormalLatency(300, 300).Sample(u1, u2));
        Assert.Equal(TimeSpan.FromMilliseconds(300), new LogNormalLatency(300, 0).Sample(u1, u2));
    }
}
