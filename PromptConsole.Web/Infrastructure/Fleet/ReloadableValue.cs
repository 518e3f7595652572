namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// A value read from the database and held in memory, so the request path reads a field. It is dropped by a change
/// on this instance (<see cref="Invalidate"/>, which also tells the others), by one of its scope heard from another
/// instance on the <see cref="ConfigurationChangeBus"/> (Redis, or the database version check), and after a maximum
/// age when one is given; the next caller reads it again, one reader at a time. When the read fails (the database is
/// away) and a fallback was given, the last value, else the fallback, stays in use and the read is retried after a few
/// seconds, rather than failing requests; without a fallback the failure is the caller's, and the next caller reads
/// again. A read that overlapped a drop may hold the state from before the change, so it is returned to its caller
/// but not kept.
/// </summary>
public sealed class ReloadableValue<T>
    where T : class
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly ConfigurationChange _change;
    private readonly Func<CancellationToken, Task<T>> _read;
    private readonly T? _fallback;
    private readonly TimeSpan? _maxAge;
    private readonly TimeProvider _time;
    private readonly Action<Exception>? _readFailed;
    private readonly ConfigurationChangeBus? _bus;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _loaded;
    private long _invalidations;

    /// <param name="change">The change that drops the value (its scope, heard from others; published by <see cref="Invalidate"/>).</param>
    /// <param name="read">Reads the value from the database.</param>
    /// <param name="fallback">In use while no read has succeeded yet.</param>
    /// <param name="maxAge">Read again after this long even without a change; null keeps the value until a change.</param>
    /// <param name="readFailed">Logs a failed read (the value in use stays).</param>
    public ReloadableValue(
        ConfigurationChange change,
        Func<CancellationToken, Task<T>> read,
        T fallback,
        TimeSpan? maxAge,
        TimeProvider time,
        Action<Exception> readFailed,
        ConfigurationChangeBus? bus)
        : this(change, read, maxAge, time, bus)
    {
        _fallback = fallback;
        _readFailed = readFailed;
    }

    /// <summary>A value without a fallback: a failed read fails its caller and nothing is kept.</summary>
    /// <param name="change">The change that drops the value (its scope, heard from others; published by <see cref="Invalidate"/>).</param>
    /// <param name="read">Reads the value from the database.</param>
    /// <param name="maxAge">Read again after this long even without a change; null keeps the value until a change.</param>
    public ReloadableValue(
        ConfigurationChange change,
        Func<CancellationToken, Task<T>> read,
        TimeSpan? maxAge,
        TimeProvider time,
        ConfigurationChangeBus? bus)
    {
        _change = change;
        _read = read;
        _maxAge = maxAge;
        _time = time;
        _bus = bus;
        bus?.Subscribe(heard =>
        {
            if (heard.Scope == change.Scope || heard.Scope == ConfigurationChangeScope.Everything)
                Drop();
        });
    }

    /// <summary>The value in force; synchronous (no allocation) while it is held.</summary>
    public ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        var loaded = _loaded;
        return loaded is not null && IsFresh(loaded) ? ValueTask.FromResult(loaded.Value) : LoadAsync(cancellationToken);
    }

    /// <summary>Changed on this instance: drop the value here and tell the other instances.</summary>
    public void Invalidate()
    {
        Drop();
        _bus?.Publish(_change);
    }

    private void Drop()
    {
        Interlocked.Increment(ref _invalidations);
        _loaded = null;
    }

    private bool IsFresh(Loaded loaded) => loaded.ReadAgainAt is not { } at || _time.GetUtcNow() < at;

    private async ValueTask<T> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have read it while this one waited.
            if (_loaded is { } current && IsFresh(current))
                return current.Value;

            var invalidationsBefore = Interlocked.Read(ref _invalidations);
            var at = _time.GetUtcNow();
            Loaded loaded;
            try
            {
                loaded = new Loaded(await _read(cancellationToken), at + _maxAge);
            }
            catch (Exception exception) when (_readFailed is not null && !cancellationToken.IsCancellationRequested)
            {
                _readFailed(exception);
                loaded = new Loaded(_loaded?.Value ?? _fallback!, _time.GetUtcNow() + RetryAfterFailure);
            }

            if (Interlocked.Read(ref _invalidations) == invalidationsBefore)
                _loaded = loaded;
            return loaded.Value;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Loaded(T Value, DateTimeOffset? ReadAgainAt);
}
