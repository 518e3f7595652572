using PromptConsole.Domain.GoldenSets;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One case's outcome in a golden run (<c>GoldenCaseResults</c>). The output is stored: golden cases are
/// fixtures the operator wrote, and the answer is what a reviewer needs to see. The case name is copied so
/// the result still reads after the case is renamed or deleted.
/// </summary>
public sealed class GoldenCaseResultRow
{
    private GoldenCaseResultRow()
    {
        CaseName = string.Empty;
        Failures = [];
    }

    public GoldenCaseResultRow(int position, Guid caseId, string caseName, bool passed, string? output, double latencyMs, Guid? executionId, IReadOnlyList<GoldenFailure> failures)
    {
        Id = Guid.NewGuid();
        Position = position;
        CaseId = caseId;
        CaseName = caseName;
        Passed = passed;
        Output = output;
        LatencyMs = latencyMs;
        ExecutionId = executionId;
        Failures = failures;
    }

    public Guid Id { get; private set; }

    public Guid RunId { get; private set; }

    public int Position { get; private set; }

    public Guid CaseId { get; private set; }

    public string CaseName { get; private set; }

    public bool Passed { get; private set; }

    public string? Output { get; private set; }

    public double LatencyMs { get; private set; }

    /// <summary>The recorded execution of a saved version's run; null for drafts (nothing is recorded).</summary>
    public Guid? ExecutionId { get; private set; }

    public IReadOnlyList<GoldenFailure> Failures { get; private set; }
}
