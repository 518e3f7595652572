using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Tests.Metrics;

public sealed class MetricsStoreOptionsTests
{
    [Theory]
    [InlineData("1m", "00:01:00", "1.00:00:00", null)]
    [InlineData("10s", "00:00:10", "06:00:00", null)]
    [InlineData("", "00:01:00", "1.00:00:00", "Name")]
    [InlineData("7m", "00:07:00", "1.00:00:00", "divide a day")]
    [InlineData("1m", "00:01:00", "00:00:30", "at least one bucket")]
    [InlineData("1m", "00:00:00", "1.00:00:00", "positive")]
    public void Tiers_must_line_up_across_instances_and_keep_something(string name, string resolution, string retention, string? failure)
    {
        var options = new MetricsStoreOptions
        {
            Tiers = [new RollupTierOptions { Name = name, Resolution = TimeSpan.Parse(resolution), Retention = TimeSpan.Parse(retention) }],
        };

        var result = new MetricsStoreOptionsValidator().Validate(null, options);

        if (failure is null)
        {
            Assert.True(result.Succeeded);
            Assert.Equal(name, Assert.Single(options.RollupTiers()).Name);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Two_tiers_cannot_share_a_name_and_no_tiers_means_the_defaults()
    {
        var duplicate = new MetricsStoreOptions
        {
            Tiers =
            [
                new RollupTierOptions { Name = "a", Resolution = TimeSpan.FromMinutes(1), Retention = TimeSpan.FromHours(1) },
                new RollupTierOptions { Name = "a", Resolution = TimeSpan.FromMinutes(5), Retention = TimeSpan.FromHours(5) },
            ],
        };
        Assert.Contains("used by two tiers", new MetricsStoreOptionsValidator().Validate(null, duplicate).FailureMessage, StringComparison.Ordinal);
        Assert.Equal(["1m", "5m", "1h", "1d"], new MetricsStoreOptions().RollupTiers().Select(t => t.Name));
    }
}
