namespace PromptConsole.Domain.Notifications;

/// <summary>
/// When a failed delivery is tried again and after how long. The wait before attempt n + 1 is "full jitter"
/// (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(<see cref="MaxDelay"/>,
/// <see cref="BaseDelay"/> · 2^(n−1))], so receivers that come back after an outage are not hit by every sender in
/// lock-step. The random draw is passed in, which keeps this a pure function.
/// </summary>
public sealed class DeliveryBackoff
{
    public const int MaxAttemptsLimit = 10;

    public DeliveryBackoff(TimeSpan baseDelay, TimeSpan maxDelay, int maxAttempts)
    {
        if (baseDelay <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "The base delay must be positive.");
        if (maxDelay < baseDelay)
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, "The cap must be at least the base delay.");
        if (maxAttempts is < 1 or > MaxAttemptsLimit)
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, $"Attempts are 1–{MaxAttemptsLimit}.");
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        MaxAttempts = maxAttempts;
    }

    /// <summary>1 s, 2 s, 4 s … capped at 30 s, four attempts: a worst case of 7 s waiting, short enough for a test button.</summary>
    public static DeliveryBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 4);

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    public int MaxAttempts { get; }

    /// <summary>The ceiling of the wait after failed attempt <paramref name="failedAttempt"/> (1-based): base · 2^(n−1), capped.</summary>
    public TimeSpan CeilingAfter(int failedAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var ticks = BaseDelay.Ticks * Math.Pow(2, failedAttempt - 1);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait after failed attempt <paramref name="failedAttempt"/>; <paramref name="sample"/> is a uniform draw in [0, 1).</summary>
    public TimeSpan DelayAfter(int failedAttempt, double sample)
    {
        var fraction = double.IsNaN(sample) ? 0 : Math.Clamp(sample, 0, 1);
        return TimeSpan.FromTicks((long)(CeilingAfter(failedAttempt).Ticks * fraction));
    }

    /// <summary>
    /// The wait when the receiver named one (<c>Retry-After</c> on a 429 or 503, as Slack sends): at least what it
    /// asked, so the retry is not refused again, and never beyond <see cref="MaxDelay"/>, so one receiver cannot stall
    /// a delivery for hours.
    /// </summary>
    public TimeSpan DelayAfter(int failedAttempt, double sample, TimeSpan? retryAfter)
    {
        var jittered = DelayAfter(failedAttempt, sample);
        if (retryAfter is not { } asked || asked <= jittered)
            return jittered;
        return asked >= MaxDelay ? MaxDelay : asked;
    }

    /// <summary>Whether another attempt may follow <paramref name="attemptsMade"/> failed ones.</summary>
    public bool MayRetryAfter(int attemptsMade) => attemptsMade < MaxAttempts;

    /// <summary>
    /// Whether a failure is worth another attempt: a network error or timeout (no status), 408, 429 or any 5xx.
    /// Other answers (4xx, a redirect) say the request itself is wrong and will be refused again.
    /// </summary>
    public static bool IsRetryable(int? statusCode) => statusCode is null or 408 or 429 or >= 500;
}
