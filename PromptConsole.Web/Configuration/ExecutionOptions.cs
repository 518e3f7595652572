using System.ComponentModel.DataAnnotations;

namespace PromptConsole.Web.Configuration;

/// <summary><c>PromptConsole:Execution</c>: limits of the execution API.</summary>
public sealed class ExecutionOptions
{
    public const string Section = "PromptConsole:Execution";

    /// <summary>Request bodies above this many bytes are refused with 413 before they are read.</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Executions in flight at once; beyond this (and the queue) requests get 503 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentExecutions { get; set; } = 2_000;

    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 1_000;

    /// <summary>Seconds a rejected caller is told to wait before trying again.</summary>
    [Range(1, 3_600)]
    public int RetryAfterSeconds { get; set; } = 1;
}
