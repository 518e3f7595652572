using System.Globalization;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Configuration;

/// <summary>
/// <c>PromptConsole:DemoTraffic</c>: generated executions of the existing prompts so a first start
/// shows live charts. Off unless switched on (the Development settings do); every generated
/// execution is recorded with origin <c>DemoTraffic</c> and the console says traffic is generated.
/// </summary>
public sealed class DemoTrafficOptions
{
    public const string Section = "PromptConsole:DemoTraffic";

    public const double MaxExecutionsPerSecond = 200;

    public bool Enabled { get; set; }

    /// <summary>Mean rate; each wait is jittered between half and one and a half of the mean interval.</summary>
    public double ExecutionsPerSecond { get; set; } = 3;

    /// <summary>Share (0–1) of successful executions that get a feedback score, so quality charts have data.</summary>
    public double FeedbackShare { get; set; } = 0.3;

    /// <summary>Share (0–1) of executions pinned to a version older than <c>production</c>, so per-version charts show more than one.</summary>
    public double OlderVersionShare { get; set; } = 0.15;

    /// <summary>Size of the fixed pool of subjects (<c>demo-user-001</c>…) the executions are spread over.</summary>
    public int SubjectCount { get; set; } = 50;

    /// <summary>Executions in flight at once; a tick that finds this many still running is skipped (and counted).</summary>
    public int MaxInFlight { get; set; } = 16;

    /// <summary>Prompt keys to run; empty means every prompt with a <c>production</c> version.</summary>
    public List<string> Prompts { get; set; } = [];

    /// <summary>
    /// Off by default: only versions whose whole model chain the simulator serves are run, so a
    /// switched-on generator never spends money at a real provider unless asked to.
    /// </summary>
    public bool AllowRealProviders { get; set; }

    /// <summary>Seed of the generated sequence; unset, each start picks one.</summary>
    public long? Seed { get; set; }
}

/// <summary>Refuses at start-up settings that would generate nothing sensible, naming the setting and the accepted range.</summary>
public sealed class DemoTrafficOptionsValidator : IValidateOptions<DemoTrafficOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoTrafficOptions options)
    {
        var failures = new List<string>();
        const string section = DemoTrafficOptions.Section;
        if (!double.IsFinite(options.ExecutionsPerSecond) || options.ExecutionsPerSecond <= 0 || options.ExecutionsPerSecond > DemoTrafficOptions.MaxExecutionsPerSecond)
            failures.Add($"{section}:ExecutionsPerSecond must be above 0 and at most {DemoTrafficOptions.MaxExecutionsPerSecond.ToString(CultureInfo.InvariantCulture)}, got {Show(options.ExecutionsPerSecond)}.");
        if (!IsShare(options.FeedbackShare))
            failures.Add($"{section}:FeedbackShare must be a share from 0 to 1, got {Show(options.FeedbackShare)}.");
        if (!IsShare(options.OlderVersionShare))
            failures.Add($"{section}:OlderVersionShare must be a share from 0 to 1, got {Show(options.OlderVersionShare)}.");
        if (options.SubjectCount is < 1 or > 100_000)
            failures.Add($"{section}:SubjectCount must be from 1 to 100000, got {options.SubjectCount}.");
        if (options.MaxInFlight is < 1 or > 1_000)
            failures.Add($"{section}:MaxInFlight must be from 1 to 1000, got {options.MaxInFlight}.");
        for (var i = 0; i < options.Prompts.Count; i++)
        {
            if (!PromptKey.IsValid(options.Prompts[i]))
                failures.Add($"{section}:Prompts:{i} '{options.Prompts[i]}' is not a prompt key (lower-case letters, digits, '.', '_' and '-', at most {PromptKey.MaxLength} characters).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsShare(double value) => double.IsFinite(value) && value is >= 0 and <= 1;

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
