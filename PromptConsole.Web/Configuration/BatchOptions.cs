using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Configuration;

/// <summary>Batch jobs (section <c>PromptConsole:Batches</c>).</summary>
public sealed class BatchOptions
{
    public const string Section = "PromptConsole:Batches";

    /// <summary>Items one job may hold.</summary>
    public int MaxItems { get; set; } = 50_000;

    /// <summary>The largest batch request body (JSON or JSONL); the other API endpoints keep their own, smaller limit.</summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Provider calls of gateway-mode items in flight at once per provider, on each instance.</summary>
    public int ConcurrencyPerProvider { get; set; } = 4;

    /// <summary>Days a finished job, its items' inputs and their results are kept before the runner deletes them.</summary>
    public double RetentionDays { get; set; } = 7;

    /// <summary>How often the runner looks for work (new jobs wake it at once on the instance that accepted them).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a claimed item stays reserved for the instance that claimed it. An instance that dies leaves its items
    /// to others after this; it must exceed the longest provider call (timeouts × attempts).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a provider-batch job asks the provider how its batch is doing.</summary>
    public TimeSpan ProviderPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Switches the runner off on this instance (jobs are still accepted; another instance runs them).</summary>
    public bool RunnerEnabled { get; set; } = true;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}

public sealed class BatchOptionsValidator : IValidateOptions<BatchOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchOptions options)
    {
        var failures = new List<string>();
        if (options.MaxItems < 1)
            failures.Add($"{BatchOptions.Section}:MaxItems must be at least 1.");
        if (options.MaxBodyBytes < 1024)
            failures.Add($"{BatchOptions.Section}:MaxBodyBytes must be at least 1024.");
        if (options.ConcurrencyPerProvider < 1)
            failures.Add($"{BatchOptions.Section}:ConcurrencyPerProvider must be at least 1.");
        if (options.RetentionDays <= 0)
            failures.Add($"{BatchOptions.Section}:RetentionDays must be positive.");
        if (options.PollInterval <= TimeSpan.Zero || options.LeaseDuration <= TimeSpan.Zero || options.ProviderPollInterval <= TimeSpan.Zero)
            failures.Add($"{BatchOptions.Section}: PollInterval, LeaseDuration and ProviderPollInterval must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
