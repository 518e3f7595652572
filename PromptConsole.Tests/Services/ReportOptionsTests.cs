using Microsoft.Extensions.Configuration;
using PromptConsole.Web.Configuration;

namespace PromptConsole.Tests.Services;

public sealed class ReportOptionsTests
{
    [Fact]
    public void The_time_of_day_reads_as_written_and_defaults_to_a_quarter_past_midnight()
    {
        Assert.Equal(new TimeOnly(0, 15), new ReportOptions().DailyAt);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PromptConsole:Reports:DailyAt"] = "06:30", ["PromptConsole:Reports:CheckInterval"] = "00:00:30" })
            .Build();
        var options = configuration.GetSection(ReportOptions.Section).Get<ReportOptions>()!;

        Assert.Equal(new TimeOnly(6, 30), options.DailyAt);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CheckInterval);
    }

    public static TheoryData<string, ReportOptions, string?> Settings => new()
    {
        { "the defaults", new ReportOptions(), null },
        { "a check that never ticks", new ReportOptions { CheckInterval = TimeSpan.Zero }, "CheckInterval" },
        { "no calibration days", new ReportOptions { CalibrationDays = 0 }, "CalibrationDays" },
        { "more calibration days than records are kept", new ReportOptions { CalibrationDays = 400 }, "CalibrationDays" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Invalid_settings_are_named(string name, ReportOptions options, string? failing)
    {
        var result = new ReportOptionsValidator().Validate(null, options);
        if (failing is null)
        {
            Assert.True(result.Succeeded, name);
            return;
        }

        Assert.True(result.Failed, name);
        Assert.Contains($"PromptConsole:Reports:{failing}", result.FailureMessage, StringComparison.Ordinal);
    }
}
