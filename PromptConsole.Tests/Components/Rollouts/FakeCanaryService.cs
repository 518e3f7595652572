using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

/// <summary>
/// Canaries in memory for the console's tests. Lifecycle calls move the prompt's live canary the way the
/// contract says (pause keeps the share, abort and promote end it) and add the operator's decision; every call
/// is recorded, and <see cref="NextError"/> answers the next lifecycle call once. <see cref="OnStart"/> decides
/// what a start returns.
/// </summary>
public sealed class FakeCanaryService : ICanaryService
{
    private readonly Dictionary<string, CanaryDetails> _canaries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<CanaryArmPoint>> _series = new(StringComparer.Ordinal);
    private int _reads;
    private int _seriesReads;

    public DateTimeOffset Now { get; set; } = CanaryFixtures.Started.AddMinutes(15);

    public List<(string Action, string PromptKey, string? Reason, string Actor)> Calls { get; } = [];

    public List<StartCanaryCommand> Starts { get; } = [];

    public List<DateTimeOffset?> ListAllSince { get; } = [];

    public Error? NextError { get; set; }

    public Error? SeriesError { get; set; }

    /// <summary>Thrown by <see cref="ListAllAsync"/> while set (a database that went away).</summary>
    public Exception? ListAllFailure { get; set; }

    /// <summary>What a start returns; by default a running canary of the command's candidate.</summary>
    public Func<string, StartCanaryCommand, Result<CanaryDetails>>? OnStart { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public int SeriesReads => Volatile.Read(ref _seriesReads);

    public void Add(CanaryDetails canary, IReadOnlyList<CanaryArmPoint>? series = null)
    {
        lock (_canaries)
        {
            _canaries[canary.Key] = canary;
            if (series is not null)
                _series[canary.Key] = series;
        }
    }

    public CanaryDetails Get(string key)
    {
        lock (_canaries)
            return _canaries[key];
    }

    public Task<Result<CanaryDetails>> StartAsync(string promptKey, StartCanaryCommand command, string actor, CancellationToken cancellationToken = default)
    {
        Starts.Add(command);
        var result = OnStart?.Invoke(promptKey, command)
            ?? CanaryFixtures.Running(promptKey: promptKey) with { CandidateVersion = command.CandidateVersion ?? 2, StartedBy = actor };
        if (result.IsSuccess)
            Add(result.Value);
        return Task.FromResult(result);
    }

    public Task<Result<IReadOnlyList<CanaryDetails>>> ListAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        lock (_canaries)
            return Task.FromResult<Result<IReadOnlyList<CanaryDetails>>>(_canaries.Values.Where(c => c.PromptKey == promptKey).OrderByDescending(c => c.StartedAt).ToArray());
    }

    public Task<IReadOnlyList<CanaryDetails>> ListAllAsync(DateTimeOffset? endedSince = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        if (ListAllFailure is { } failure)
            return Task.FromException<IReadOnlyList<CanaryDetails>>(failure);
        lock (_canaries)
        {
            ListAllSince.Add(endedSince);
            return Task.FromResult<IReadOnlyList<CanaryDetails>>(_canaries.Values
                .Where(c => c.EndedAt is null || endedSince is null || c.EndedAt >= endedSince)
                .OrderByDescending(c => c.StartedAt)
                .ToArray());
        }
    }

    public Task<Result<CanaryDetails>> GetCurrentAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        lock (_canaries)
        {
            var live = _canaries.Values.FirstOrDefault(c => c.PromptKey == promptKey && c.Status is CanaryStatus.Running or CanaryStatus.Paused);
            return Task.FromResult(live is null ? (Result<CanaryDetails>)Error.NotFound("canary-not-found", $"No canary runs on '{promptKey}'.") : live);
        }
    }

    public Task<Result<CanaryDetails>> GetAsync(string canaryKey, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        lock (_canaries)
        {
            return Task.FromResult(_canaries.TryGetValue(canaryKey, out var canary)
                ? canary
                : (Result<CanaryDetails>)Error.NotFound("canary-not-found", $"Canary '{canaryKey}' does not exist."));
        }
    }

    public Task<Result<CanaryDetails>> PromoteAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync("promote", promptKey, reason, actor, c => c with { Status = CanaryStatus.Promoted, Percent = 100, EndedAt = Now });

    public Task<Result<CanaryDetails>> PauseAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync("pause", promptKey, reason, actor, c => c with { Status = CanaryStatus.Paused, StatusReason = reason });

    public Task<Result<CanaryDetails>> ResumeAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync("resume", promptKey, reason, actor, c => c with { Status = CanaryStatus.Running, StatusReason = null });

    public Task<Result<CanaryDetails>> AbortAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync("abort", promptKey, reason, actor, c => c with { Status = CanaryStatus.Aborted, Percent = 0, EndedAt = Now, StatusReason = reason });

    public Task<Result<IReadOnlyList<CanaryArmPoint>>> GetSeriesAsync(string canaryKey, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _seriesReads);
        if (SeriesError is { } error)
            return Task.FromResult<Result<IReadOnlyList<CanaryArmPoint>>>(error);
        lock (_canaries)
            return Task.FromResult<Result<IReadOnlyList<CanaryArmPoint>>>(_series.TryGetValue(canaryKey, out var series) ? (Result<IReadOnlyList<CanaryArmPoint>>)Result<IReadOnlyList<CanaryArmPoint>>.Success(series) : Result<IReadOnlyList<CanaryArmPoint>>.Success([]));
    }

    public Task<IReadOnlyList<CanaryDecisionView>> AnalyseAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The console does not run the analysis.");

    private Task<Result<CanaryDetails>> ChangeAsync(string action, string promptKey, string? reason, string actor, Func<CanaryDetails, CanaryDetails> change)
    {
        Calls.Add((action, promptKey, reason, actor));
        if (NextError is { } error)
        {
            NextError = null;
            return Task.FromResult<Result<CanaryDetails>>(error);
        }

        lock (_canaries)
        {
            var live = _canaries.Values.FirstOrDefault(c => c.PromptKey == promptKey && c.Status is CanaryStatus.Running or CanaryStatus.Paused);
            if (live is null)
                return Task.FromResult<Result<CanaryDetails>>(Error.Conflict("canary-not-live", $"No canary runs on '{promptKey}'."));
            var changed = change(live);
            var decision = new CanaryDecisionView(Now, changed.StepIndex, changed.Percent, action, reason ?? string.Empty, actor, 0, 0, []);
            changed = changed with { Decisions = [.. live.Decisions, decision] };
            _canaries[live.Key] = changed;
            return Task.FromResult<Result<CanaryDetails>>(changed);
        }
    }
}
