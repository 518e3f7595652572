using System.Collections.Concurrent;

namespace PromptConsole.Web.Background;

/// <summary>
/// What the generator did since start. Failed executions are expected (the simulator has an error
/// rate) and end up here, by error code, rather than as exceptions.
/// </summary>
public sealed class DemoTrafficStatistics
{
    private readonly ConcurrentDictionary<string, long> _failuresByCode = new(StringComparer.Ordinal);
    private long _started;
    private long _succeeded;
    private long _failed;
    private long _feedbackGiven;
    private long _skipped;
    private long _loopFailures;

    /// <summary>Executions begun.</summary>
    public long Started => Interlocked.Read(ref _started);

    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Executions that came back with an error, or threw.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public long FeedbackGiven => Interlocked.Read(ref _feedbackGiven);

    /// <summary>Ticks left out because <c>MaxInFlight</c> executions were still running.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Unexpected errors of the generator itself (loading prompts, say); the loop carried on.</summary>
    public long LoopFailures => Interlocked.Read(ref _loopFailures);

    public IReadOnlyDictionary<string, long> FailuresByCode => new Dictionary<string, long>(_failuresByCode, StringComparer.Ordinal);

    internal void CountStarted() => Interlocked.Increment(ref _started);

    internal void CountSucceeded() => Interlocked.Increment(ref _succeeded);

    internal void CountFailed(string code)
    {
        Interlocked.Increment(ref _failed);
        _failuresByCode.AddOrUpdate(code, 1, static (_, count) => count + 1);
    }

    internal void CountFeedback() => Interlocked.Increment(ref _feedbackGiven);

    internal void CountSkipped() => Interlocked.Increment(ref _skipped);

    internal void CountLoopFailure() => Interlocked.Increment(ref _loopFailures);
}
