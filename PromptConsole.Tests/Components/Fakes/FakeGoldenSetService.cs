using PromptConsole.Domain.Common;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services.GoldenSets;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>
/// Golden sets in memory: cases are validated by the domain as the real service does; a run judges every
/// case against <see cref="Answer"/> (the output the fake pipeline gives for a case) with the real evaluator.
/// </summary>
public sealed class FakeGoldenSetService : IGoldenSetService
{
    private readonly List<GoldenCase> _cases = [];
    private readonly List<GoldenRun> _runs = [];
    private readonly Dictionary<string, bool> _policies = new(StringComparer.Ordinal);
    private DateTimeOffset _now = new(2026, 12, 2, 19, 0, 0, TimeSpan.Zero);

    public Func<GoldenCase, string> Answer { get; set; } = c => $"[simulated] answering {string.Join(", ", c.Variables.Values)}";

    public List<VersionDraft> DraftsRun { get; } = [];

    public Task<Result<IReadOnlyList<GoldenCase>>> ListCasesAsync(string promptKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<IReadOnlyList<GoldenCase>>.Success(_cases.Where(c => c.PromptKey == promptKey).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray()));

    public Task<Result<GoldenCase>> GetCaseAsync(string promptKey, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(promptKey, id));

    public Task<Result<GoldenCase>> CreateCaseAsync(string promptKey, GoldenCaseDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        var definition = GoldenCaseValidator.Validate(draft);
        if (!definition.IsSuccess)
            return Task.FromResult(Result<GoldenCase>.Failure(definition.Error!));
        var created = new GoldenCase(Guid.NewGuid(), promptKey, definition.Value.Name, definition.Value.Variables, definition.Value.Expectations, Tick(), _now, actor);
        _cases.Add(created);
        return Task.FromResult(Result<GoldenCase>.Success(created));
    }

    public Task<Result<GoldenCase>> UpdateCaseAsync(string promptKey, Guid id, GoldenCaseDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        var found = Find(promptKey, id);
        if (!found.IsSuccess)
            return Task.FromResult(found);
        var definition = GoldenCaseValidator.Validate(draft);
        if (!definition.IsSuccess)
            return Task.FromResult(Result<GoldenCase>.Failure(definition.Error!));
        var updated = found.Value with { Name = definition.Value.Name, Variables = definition.Value.Variables, Expectations = definition.Value.Expectations, UpdatedAt = Tick(), UpdatedBy = actor };
        _cases[_cases.IndexOf(found.Value)] = updated;
        return Task.FromResult(Result<GoldenCase>.Success(updated));
    }

    public Task<Result<GoldenCase>> DeleteCaseAsync(string promptKey, Guid id, string actor, CancellationToken cancellationToken = default)
    {
        var found = Find(promptKey, id);
        if (found.IsSuccess)
            _cases.Remove(found.Value);
        return Task.FromResult(found);
    }

    public Task<Result<GoldenRun>> RunVersionAsync(string promptKey, int version, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run(promptKey, version, actor));

    public Task<Result<GoldenRun>> RunDraftAsync(string promptKey, VersionDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        DraftsRun.Add(draft);
        return Task.FromResult(Run(promptKey, null, actor));
    }

    public Task<Result<IReadOnlyList<GoldenRun>>> ListRunsAsync(string promptKey, int? version = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<IReadOnlyList<GoldenRun>>.Success(_runs
            .Where(r => r.PromptKey == promptKey && (version is null || r.Version == version))
            .OrderByDescending(r => r.CompletedAt)
            .Select(r => r with { Results = [] })
            .ToArray()));

    public Task<Result<GoldenRun>> GetRunAsync(string promptKey, Guid id, CancellationToken cancellationToken = default)
    {
        var run = _runs.FirstOrDefault(r => r.PromptKey == promptKey && r.Id == id);
        return Task.FromResult(run is null ? Result<GoldenRun>.Failure(Error.NotFound("golden-run-not-found", "No such run.")) : Result<GoldenRun>.Success(run));
    }

    public Task<Result<bool>> GetRequireGoldenPassAsync(string promptKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<bool>.Success(_policies.GetValueOrDefault(promptKey)));

    public Task<Result<bool>> SetRequireGoldenPassAsync(string promptKey, bool requireGoldenPass, string actor, CancellationToken cancellationToken = default)
    {
        _policies[promptKey] = requireGoldenPass;
        return Task.FromResult(Result<bool>.Success(requireGoldenPass));
    }

    private Result<GoldenRun> Run(string promptKey, int? version, string actor)
    {
        var cases = _cases.Where(c => c.PromptKey == promptKey).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
        if (cases.Length == 0)
            return new Error(ErrorKind.Conflict, "golden-set-empty", $"Prompt '{promptKey}' has no golden cases to run.", [new FieldError("cases", "Add at least one golden case first.")]);

        var started = Tick();
        var results = cases.Select(c =>
        {
            var output = Answer(c);
            var verdict = GoldenCaseEvaluator.Evaluate(c.Expectations, new GoldenObservation(output, 12, []));
            return new GoldenCaseResult(c.Id, c.Name, verdict.Passed, output, 12, version is null ? null : Guid.NewGuid(), verdict.Failures);
        }).ToArray();
        var failed = results.Count(r => !r.Passed);
        var run = new GoldenRun(Guid.NewGuid(), promptKey, version, failed == 0, results.Length, failed, started, Tick(), actor, results);
        _runs.Add(run);
        return run;
    }

    private Result<GoldenCase> Find(string promptKey, Guid id)
    {
        var found = _cases.FirstOrDefault(c => c.PromptKey == promptKey && c.Id == id);
        return found is null ? Error.NotFound("golden-case-not-found", "No such case.") : found;
    }

    private DateTimeOffset Tick() => _now = _now.AddSeconds(1);
}
