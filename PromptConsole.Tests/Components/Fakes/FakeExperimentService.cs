using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>
/// Experiments in memory, moved through the domain's own <see cref="ExperimentLifecycle"/>. It records every
/// lifecycle call, counts result reads, and answers the next call with <see cref="NextError"/> when one is set.
/// </summary>
public sealed class FakeExperimentService : IExperimentService
{
    private readonly Dictionary<string, ExperimentDetails> _experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExperimentResults> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<AuditEvent>> _audit = new(StringComparer.Ordinal);
    private DateTimeOffset _now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private int _resultReads;

    public List<(string Action, string Key, StopExperimentCommand? Command, string Actor)> Calls { get; } = [];

    /// <summary>Answers the next lifecycle call (or result read) with this error, once.</summary>
    public Error? NextError { get; set; }

    /// <summary>Answers every result read with this error while set.</summary>
    public Error? ResultsError { get; set; }

    public int ResultReads => Volatile.Read(ref _resultReads);

    public void Add(ExperimentDetails details, ExperimentResults? results = null, params AuditEvent[] audit)
    {
        _experiments[details.Key] = details;
        if (results is not null)
            _results[details.Key] = results;
        _audit[details.Key] = [.. audit];
    }

    public void SetResults(string key, ExperimentResults results) => _results[key] = results;

    public ExperimentDetails Get(string key) => _experiments[key];

    public Task<IReadOnlyList<ExperimentDetails>> ListAsync(string? promptKey = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ExperimentDetails>>(_experiments.Values
            .Where(e => promptKey is null || e.Definition.PromptKey == promptKey)
            .OrderByDescending(e => e.CreatedAt)
            .ToArray());

    public Task<Result<ExperimentDetails>> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_experiments.TryGetValue(key, out var details) ? details : (Result<ExperimentDetails>)NotFound(key));

    public Task<Result<ExperimentDetails>> CreateAsync(ExperimentDraft draft, string actor, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The console pages under test do not create experiments.");

    public Task<Result<ExperimentDetails>> UpdateDraftAsync(string key, ExperimentDraft draft, string actor, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The console pages under test do not edit drafts.");

    public Task<Result<ExperimentDetails>> StartAsync(string key, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync("start", key, null, actor, e => ExperimentLifecycle.Start(e, _now, []));

    public Task<Result<ExperimentDetails>> PauseAsync(string key, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync("pause", key, null, actor, ExperimentLifecycle.Pause);

    public Task<Result<ExperimentDetails>> ResumeAsync(string key, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync("resume", key, null, actor, e => ExperimentLifecycle.Resume(e, _now));

    public Task<Result<ExperimentDetails>> StopAsync(string key, StopExperimentCommand command, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync("stop", key, command, actor, e => ExperimentLifecycle.Stop(
            e, command.Decision == ExperimentVerdicts.Ship ? ExperimentDecision.Ship(command.Arm!) : ExperimentDecision.NoWinner, _now), command.Reason);

    public Task<Result<ExperimentDetails>> ReallocateAsync(string key, ReallocateExperimentCommand command, string actor, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The console pages under test do not reallocate.");

    public Task<IReadOnlyList<string>> StopExpiredAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<Result<ExperimentResults>> GetResultsAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _resultReads);
        if (ResultsError is { } error)
            return Task.FromResult<Result<ExperimentResults>>(error);
        return Task.FromResult(_results.TryGetValue(key, out var results) ? results : (Result<ExperimentResults>)NotFound(key));
    }

    public Task<Result<SampleSizeEstimate>> EstimateSampleSizeAsync(string key, SampleSizeQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The console pages under test do not estimate sample sizes.");

    public Task<Result<IReadOnlyList<AuditEvent>>> GetAuditAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_audit.TryGetValue(key, out var events)
            ? Result<IReadOnlyList<AuditEvent>>.Success(events.ToArray())
            : NotFound(key));

    public Task<Result<ExperimentReport>> GetReportAsync(string key, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Reports are downloaded from the API, not read by the console.");

    private Task<Result<ExperimentDetails>> ChangeAsync(
        string action, string key, StopExperimentCommand? command, string actor, Func<Experiment, Result<Experiment>> transition, string? reason = null)
    {
        Calls.Add((action, key, command, actor));
        if (NextError is { } error)
        {
            NextError = null;
            return Task.FromResult<Result<ExperimentDetails>>(error);
        }

        if (!_experiments.TryGetValue(key, out var details))
            return Task.FromResult<Result<ExperimentDetails>>(NotFound(key));

        var moved = transition(details.Experiment);
        if (!moved.IsSuccess)
            return Task.FromResult<Result<ExperimentDetails>>(moved.Error!);

        _now = _now.AddMinutes(1);
        var updated = details with
        {
            Experiment = moved.Value,
            DecisionReason = action == "stop" ? reason : details.DecisionReason,
            UpdatedAt = _now,
            Revision = details.Revision + 1,
        };
        _experiments[key] = updated;
        _audit[key].Add(new AuditEvent(_now, actor, $"experiment.{action}", details.Definition.PromptKey, $"experiment:{key}", $"{action} {key}", reason));
        return Task.FromResult<Result<ExperimentDetails>>(updated);
    }

    private static Error NotFound(string key) => Error.NotFound("experiment-not-found", $"Experiment '{key}' does not exist.");
}
