using System.Globalization;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.GoldenSets;

/// <summary>The sentences audit events and the incident timeline show for golden-set changes.</summary>
public static class GoldenSummaries
{
    /// <summary>"1 variable; expects: output checks pass, contains 'Hello', not 'sorry', ≤ 2000 ms".</summary>
    public static string Describe(IReadOnlyDictionary<string, string> variables, GoldenExpectations expectations)
    {
        var parts = new List<string>();
        if (expectations.OutputChecksPass)
            parts.Add("output checks pass");
        parts.AddRange(expectations.Required.Select(p => $"contains '{p}'"));
        parts.AddRange(expectations.Forbidden.Select(p => $"not '{p}'"));
        parts.AddRange(expectations.Fields.Select(f => f.ExpectedJson is { } value ? $"{f.Path} = {value}" : f.MustExist ? $"has {f.Path}" : $"no {f.Path}"));
        if (expectations.MaxLatencyMs is { } latency)
            parts.Add($"≤ {latency} ms");
        if (expectations.MinAutomatedScore is { } score)
            parts.Add($"score ≥ {score.ToString("0.###", CultureInfo.InvariantCulture)}");
        var variableCount = $"{variables.Count} variable{(variables.Count == 1 ? "" : "s")}";
        return parts.Count == 0 ? $"{variableCount}; expects an answer" : $"{variableCount}; expects: {string.Join(", ", parts)}";
    }

    /// <summary>"golden run of v3: 2 of 5 cases failed ('a', 'b')" or "golden run of an unsaved draft: all 5 cases passed".</summary>
    public static string DescribeRun(GoldenRunRow run)
    {
        var what = run.Version is { } version ? $"golden run of v{version}" : "golden run of an unsaved draft";
        if (run.Passed)
            return $"{what}: all {run.CaseCount} case{(run.CaseCount == 1 ? "" : "s")} passed";
        var failed = run.Results.Where(r => !r.Passed).Select(r => $"'{r.CaseName}'").ToArray();
        var names = failed.Length <= 3 ? string.Join(", ", failed) : string.Join(", ", failed.Take(3)) + $" and {failed.Length - 3} more";
        return $"{what}: {run.FailedCount} of {run.CaseCount} case{(run.CaseCount == 1 ? "" : "s")} failed ({names})";
    }
}
