using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Configuration;

/// <summary>The alert evaluation (section <c>PromptConsole:Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "PromptConsole:Alerts";

    /// <summary>How often every enabled rule is evaluated; an alert fires, repeats, escalates and resolves at most this late.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    /// <summary>A day at most: alerts evaluated less often are not alerts (and a PeriodicTimer refuses periods beyond 49 days).</summary>
    public static readonly TimeSpan MaxEvaluationInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, AlertOptions options) =>
        options.EvaluationInterval > TimeSpan.Zero && options.EvaluationInterval <= MaxEvaluationInterval
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{AlertOptions.Section}:EvaluationInterval must be positive and at most {MaxEvaluationInterval}.");
}
