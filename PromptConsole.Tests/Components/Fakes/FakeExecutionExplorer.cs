using PromptConsole.Domain.Execution;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Answers from a list of summaries filtered on prompt and outcome, and remembers every query it was asked.</summary>
public sealed class FakeExecutionExplorer : IExecutionExplorer
{
    public List<ExecutionSummary> Summaries { get; } = [];

    public Dictionary<Guid, ExecutionRecord> Records { get; } = [];

    public List<ExecutionQuery> Queries { get; } = [];

    /// <summary>When set, searches wait for it, so a test can finish them out of order.</summary>
    public Func<ExecutionQuery, Task>? Gate { get; set; }

    public async Task<ExecutionPage> SearchAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        Queries.Add(query);
        if (Gate is not null)
            await Gate(query);
        var matching = Summaries
            .Where(s => query.Filter.PromptKey is null || s.PromptKey == query.Filter.PromptKey)
            .Where(s => query.Filter.Outcome is null || s.Outcome == query.Filter.Outcome)
            .OrderByDescending(s => s.StartedAt)
            .ToArray();
        return new ExecutionPage(matching.Skip(query.Skip).Take(query.Take).ToArray(), matching.Length, query.Skip, query.Take);
    }

    public Task<ExecutionRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Records.GetValueOrDefault(id));

    public static ExecutionSummary Summary(string prompt, DateTimeOffset at, ExecutionOutcome outcome = ExecutionOutcome.Success) => new(
        Guid.NewGuid(), at, prompt, 1, "label", "production", null, ExecutionOrigin.Api, "sim-small", true, outcome,
        outcome == ExecutionOutcome.Success ? null : "timeout", CacheLevel.Miss, 12.5, 1, 10, 20, 0.0001m, null, null);
}
