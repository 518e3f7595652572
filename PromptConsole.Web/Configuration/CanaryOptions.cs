using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Configuration;

/// <summary>Settings of canary releases (section <c>PromptConsole:Canaries</c>).</summary>
public sealed class CanaryOptions
{
    public const string Section = "PromptConsole:Canaries";

    /// <summary>
    /// How often the controller analyses every running canary. A bad candidate is caught within one interval of
    /// its step reaching the minimum of executions; each analysis is a handful of grouped queries per canary.
    /// </summary>
    public TimeSpan AnalysisInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class CanaryOptionsValidator : IValidateOptions<CanaryOptions>
{
    public ValidateOptionsResult Validate(string? name, CanaryOptions options) =>
        options.AnalysisInterval >= TimeSpan.FromSeconds(1) && options.AnalysisInterval <= TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{CanaryOptions.Section}:AnalysisInterval must be between 1 second and 1 hour.");
}
