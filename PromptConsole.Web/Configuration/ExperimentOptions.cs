using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Configuration;

/// <summary>Settings of the experiments feature (section <c>PromptConsole:Experiments</c>).</summary>
public sealed class ExperimentOptions
{
    public const string Section = "PromptConsole:Experiments";

    /// <summary>How often the end-date sweep looks for experiments to stop; an experiment overruns its end by at most this.</summary>
    public TimeSpan EndDateCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class ExperimentOptionsValidator : IValidateOptions<ExperimentOptions>
{
    public ValidateOptionsResult Validate(string? name, ExperimentOptions options) =>
        options.EndDateCheckInterval > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ExperimentOptions.Section}:EndDateCheckInterval must be positive.");
}
