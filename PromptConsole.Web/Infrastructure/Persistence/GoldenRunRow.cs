namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One golden run (<c>GoldenRuns</c>): a saved version, or an unsaved draft (<see cref="Version"/> null,
/// never counted by the gate), against the prompt's cases at the time; its per-case results are child rows.
/// </summary>
public sealed class GoldenRunRow
{
    private readonly List<GoldenCaseResultRow> _results = [];

    private GoldenRunRow()
    {
        PromptKey = Actor = string.Empty;
    }

    public GoldenRunRow(Guid id, string promptKey, int? version, DateTimeOffset startedAt, DateTimeOffset completedAt, string actor, IEnumerable<GoldenCaseResultRow> results)
    {
        Id = id;
        PromptKey = promptKey;
        Version = version;
        StartedAt = startedAt;
        CompletedAt = completedAt;
        Actor = actor;
        _results.AddRange(results);
        CaseCount = _results.Count;
        FailedCount = _results.Count(r => !r.Passed);
        Passed = FailedCount == 0;
    }

    public Guid Id { get; private set; }

    public string PromptKey { get; private set; }

    public int? Version { get; private set; }

    public bool Passed { get; private set; }

    public int CaseCount { get; private set; }

    public int FailedCount { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset CompletedAt { get; private set; }

    public string Actor { get; private set; }

    /// <summary>In case order (by <see cref="GoldenCaseResultRow.Position"/>).</summary>
    public IReadOnlyList<GoldenCaseResultRow> Results => _results;
}
