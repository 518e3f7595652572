using PromptConsole.Web.Configuration;

namespace PromptConsole.Tests.Services;

public sealed class RollbackOptionsTests
{
    [Theory]
    [InlineData("the defaults", null, null, null, null)]
    [InlineData("no interval between rollbacks is allowed", "MinInterval=0", null, null, null)]
    [InlineData("a negative interval", "MinInterval=-1", "MinInterval", null, null)]
    [InlineData("no automatic rollback per day", "MaxPer24Hours=0", "MaxPer24Hours", null, null)]
    [InlineData("an empty snapshot window", "SnapshotWindow=0", "SnapshotWindow", null, null)]
    [InlineData("an empty recovery watch", "RecoveryWatch=0", "RecoveryWatch", null, null)]
    [InlineData("a watcher that never ticks", "RecoveryCheckInterval=0", "RecoveryCheckInterval", null, null)]
    [InlineData("a floor above 100 %", "RecoveryErrorRateFloor=1.5", "RecoveryErrorRateFloor", null, null)]
    [InlineData("two problems named together", "MaxPer24Hours=0", "MaxPer24Hours", "RecoveryWatch=0", "RecoveryWatch")]
    public void Invalid_settings_are_named(string rule, string? change, string? failing, string? change2, string? failing2)
    {
        var options = new RollbackOptions();
        Apply(options, change);
        Apply(options, change2);

        var result = new RollbackOptionsValidator().Validate(null, options);

        if (failing is null)
        {
            Assert.True(result.Succeeded, rule);
            return;
        }

        Assert.True(result.Failed, rule);
        Assert.Contains($"PromptConsole:Rollbacks:{failing}", result.FailureMessage, StringComparison.Ordinal);
        if (failing2 is not null)
            Assert.Contains($"PromptConsole:Rollbacks:{failing2}", result.FailureMessage, StringComparison.Ordinal);
    }

    private static void Apply(RollbackOptions options, string? change)
    {
        if (change is null)
            return;
        var (name, value) = (change.Split('=')[0], double.Parse(change.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
        switch (name)
        {
            case "MinInterval": options.MinInterval = TimeSpan.FromMinutes(value); break;
            case "MaxPer24Hours": options.MaxPer24Hours = (int)value; break;
            case "SnapshotWindow": options.SnapshotWindow = TimeSpan.FromMinutes(value); break;
            case "RecoveryWatch": options.RecoveryWatch = TimeSpan.FromMinutes(value); break;
            case "RecoveryCheckInterval": options.RecoveryCheckInterval = TimeSpan.FromMinutes(value); break;
            case "RecoveryErrorRateFloor": options.RecoveryErrorRateFloor = value; break;
            default: throw new ArgumentException(name);
        }
    }
}
