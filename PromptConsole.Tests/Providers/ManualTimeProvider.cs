namespace PromptConsole.Tests.Providers;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>; timers (Task.Delay, timed
/// cancellation, Polly's timeouts and breaker) fire in due order as it passes them.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Timers waiting to fire: a pending delay or timeout shows up here.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_gate)
                return _timers.Count;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
            target = _now + by;

        while (true)
        {
            ManualTimer? due = null;
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.DueAt <= target && (due is null || timer.DueAt < due.DueAt))
                        due = timer;
                }

                if (due is null)
                {
                    _now = target;
                    return;
                }

                if (due.DueAt > _now)
                    _now = due.DueAt;
                if (due.Period > TimeSpan.Zero && due.Period != Timeout.InfiniteTimeSpan)
                    due.DueAt += due.Period;
                else
                    _timers.Remove(due);
            }

            // Outside the lock: callbacks may create or change timers.
            due.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                    return true;
                DueAt = owner._now + dueTime;
                Period = period;
                owner._timers.Add(this);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
                owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
