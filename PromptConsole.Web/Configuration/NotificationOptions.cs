using Microsoft.Extensions.Options;
using PromptConsole.Domain.Notifications;

namespace PromptConsole.Web.Configuration;

/// <summary>Delivery of notifications (section <c>PromptConsole:Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "PromptConsole:Notifications";

    /// <summary>One attempt's limit; a receiver slower than this counts as failed (and is retried).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per delivery, the first included.</summary>
    public int MaxAttempts { get; set; } = DeliveryBackoff.Default.MaxAttempts;

    /// <summary>The ceiling of the first retry's wait; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = DeliveryBackoff.Default.BaseDelay;

    public TimeSpan MaxRetryDelay { get; set; } = DeliveryBackoff.Default.MaxDelay;

    public DeliveryBackoff Backoff => new(BaseRetryDelay, MaxRetryDelay, MaxAttempts);
}

public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > TimeSpan.FromMinutes(5))
            failures.Add($"{NotificationOptions.Section}:AttemptTimeout must be positive and at most 5 minutes.");
        if (options.MaxAttempts is < 1 or > DeliveryBackoff.MaxAttemptsLimit)
            failures.Add($"{NotificationOptions.Section}:MaxAttempts must be 1–{DeliveryBackoff.MaxAttemptsLimit}.");
        if (options.BaseRetryDelay <= TimeSpan.Zero)
            failures.Add($"{NotificationOptions.Section}:BaseRetryDelay must be positive.");
        if (options.MaxRetryDelay < options.BaseRetryDelay)
            failures.Add($"{NotificationOptions.Section}:MaxRetryDelay must be at least BaseRetryDelay.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
