using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Recording;

/// <summary>Section <c>PromptConsole:Recording</c>: sizes of the execution recorder's buffer and batches.</summary>
public sealed class RecordingOptions
{
    public const string SectionName = "PromptConsole:Recording";

    /// <summary>
    /// Records kept in memory while the database is slow or away. At this bound new executions are
    /// refused with 503 and Retry-After (load shedding) rather than made to wait; records already
    /// taken are never dropped and are written when the database is back.
    /// </summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>The Retry-After (seconds) of the 503 an execution gets while the recorder is at its bound.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>Longest wait between attempts to write a batch while the database is away (the backoff doubles from 250 ms up to this).</summary>
    public int MaxRetryDelayMs { get; set; } = 5_000;

    /// <summary>Most records written by one <c>SaveChanges</c>.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the writer waits to fill a batch once it has its first record.</summary>
    public int MaxBatchDelayMs { get; set; } = 200;

    /// <summary>How often captured input/output past its retention is erased.</summary>
    public int CaptureSweepIntervalSeconds { get; set; } = 300;
}

public sealed class RecordingOptionsValidator : IValidateOptions<RecordingOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordingOptions options)
    {
        var failures = new List<string>();
        if (options.Capacity < 1)
            failures.Add($"{RecordingOptions.SectionName}:Capacity must be at least 1 (is {options.Capacity}).");
        if (options.RetryAfterSeconds < 1)
            failures.Add($"{RecordingOptions.SectionName}:RetryAfterSeconds must be at least 1 (is {options.RetryAfterSeconds}).");
        if (options.MaxRetryDelayMs < 250)
            failures.Add($"{RecordingOptions.SectionName}:MaxRetryDelayMs must be at least 250 (is {options.MaxRetryDelayMs}).");
        if (options.BatchSize < 1)
            failures.Add($"{RecordingOptions.SectionName}:BatchSize must be at least 1 (is {options.BatchSize}).");
        if (options.MaxBatchDelayMs < 0)
            failures.Add($"{RecordingOptions.SectionName}:MaxBatchDelayMs cannot be negative (is {options.MaxBatchDelayMs}).");
        if (options.CaptureSweepIntervalSeconds < 1)
            failures.Add($"{RecordingOptions.SectionName}:CaptureSweepIntervalSeconds must be at least 1 (is {options.CaptureSweepIntervalSeconds}).");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
