using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Configuration;

/// <summary>The daily report (section <c>PromptConsole:Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "PromptConsole:Reports";

    /// <summary>The time of day (UTC) from which the report of the day before is generated and sent, e.g. <c>00:15</c>.</summary>
    public TimeOnly DailyAt { get; set; } = new(0, 15);

    /// <summary>How often the controller looks whether a report is due; the report comes at most this late.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The report's calibration status covers the pairs of this many days up to the end of the report's day (a single day rarely has enough).</summary>
    public int CalibrationDays { get; set; } = 7;
}

public sealed class ReportOptionsValidator : IValidateOptions<ReportOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportOptions options)
    {
        var failures = new List<string>();
        if (options.CheckInterval <= TimeSpan.Zero)
            failures.Add($"{ReportOptions.Section}:CheckInterval must be positive.");
        if (options.CalibrationDays is < 1 or > 366)
            failures.Add($"{ReportOptions.Section}:CalibrationDays must be from 1 to 366.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
