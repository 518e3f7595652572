using PromptConsole.Domain.Notifications;

namespace PromptConsole.Tests.Domain.Notifications;

public sealed class DeliveryBackoffTests
{
    private static readonly DeliveryBackoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 5);

    public static TheoryData<string, int, double, double> Delays => new()
    {
        { "first retry, top of the range", 1, 1.0, 1.0 },
        { "first retry, half", 1, 0.5, 0.5 },
        { "second retry doubles the ceiling", 2, 0.5, 1.0 },
        { "third retry", 3, 0.5, 2.0 },
        { "fourth retry", 4, 1.0, 8.0 },
        { "capped at the maximum", 5, 1.0, 10.0 },
        { "far attempts stay capped", 60, 0.25, 2.5 },
        { "a zero draw retries at once", 3, 0.0, 0.0 },
        { "a draw above one is clamped", 2, 7.0, 2.0 },
        { "a negative draw is clamped", 2, -1.0, 0.0 },
        { "NaN counts as zero", 2, double.NaN, 0.0 },
    };

    [Theory]
    [MemberData(nameof(Delays))]
    public void Waits_with_full_jitter_under_a_capped_exponential(string rule, int failedAttempt, double sample, double expectedSeconds)
    {
        var delay = Backoff.DelayAfter(failedAttempt, sample);

        Assert.True(TimeSpan.FromSeconds(expectedSeconds) == delay, $"{rule}: expected {expectedSeconds} s, found {delay.TotalSeconds} s");
    }

    public static TheoryData<string, int, double, double?, double> AskedWaits => new()
    {
        { "no Retry-After: the jittered wait", 2, 0.5, null, 1.0 },
        { "a shorter Retry-After does not shorten the wait", 2, 0.5, 0.2, 1.0 },
        { "a longer Retry-After is honoured", 2, 0.5, 4.0, 4.0 },
        { "a Retry-After beyond the cap waits the cap", 1, 0.5, 3600.0, 10.0 },
        { "Retry-After zero keeps the jittered wait", 3, 0.25, 0.0, 1.0 },
    };

    [Theory]
    [MemberData(nameof(AskedWaits))]
    public void Honours_the_receivers_retry_after_up_to_the_cap(string rule, int failedAttempt, double sample, double? retryAfterSeconds, double expectedSeconds)
    {
        var delay = Backoff.DelayAfter(failedAttempt, sample, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        Assert.True(TimeSpan.FromSeconds(expectedSeconds) == delay, $"{rule}: expected {expectedSeconds} s, found {delay.TotalSeconds} s");
    }

    public static TheoryData<string, int?, bool> Statuses => new()
    {
        { "a network error or timeout", null, true },
        { "408 request timeout", 408, true },
        { "429 too many requests", 429, true },
        { "500 internal server error", 500, true },
        { "502 bad gateway", 502, true },
        { "503 service unavailable", 503, true },
        { "400 bad request is the request's fault", 400, false },
        { "401 unauthorized", 401, false },
        { "403 forbidden", 403, false },
        { "404 not found", 404, false },
        { "410 gone (Slack's deleted webhook)", 410, false },
        { "a redirect is not followed or retried", 301, false },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Retries_only_what_may_succeed_later(string rule, int? status, bool expected)
    {
        Assert.True(expected == DeliveryBackoff.IsRetryable(status), rule);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    public void Stops_at_the_maximum_attempts(int attemptsMade, bool mayRetry)
    {
        Assert.Equal(mayRetry, Backoff.MayRetryAfter(attemptsMade));
    }

    [Fact]
    public void Refuses_nonsense_settings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.DelayAfter(0, 0.5));
    }

    [Fact]
    public void The_default_waits_at_most_seven_seconds_over_four_attempts()
    {
        var backoff = DeliveryBackoff.Default;
        var worst = Enumerable.Range(1, backoff.MaxAttempts - 1).Sum(n => backoff.DelayAfter(n, 1.0).TotalSeconds);

        Assert.Equal(4, backoff.MaxAttempts);
        Assert.Equal(7, worst);
    }
}
