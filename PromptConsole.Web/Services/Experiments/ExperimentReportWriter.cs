using System.Globalization;
using System.Text;
using PromptConsole.Domain.Experiments;

namespace PromptConsole.Web.Services.Experiments;

/// <summary>The downloadable Markdown report: setup, exposure, every metric with its intervals, the decision and the audit trail.</summary>
public static class ExperimentReportWriter
{
    public static string Markdown(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (details, results) = (report.Details, report.Results);
        var d = details.Definition;
        var text = new StringBuilder();
        Line(text, $"# Experiment {d.Key}");
        Line(text, $"");
        Line(text, $"- Prompt: `{d.PromptKey}`");
        Line(text, $"- Hypothesis: {d.Hypothesis}");
        Line(text, $"- Status: {results.Status}");
        Line(text, $"- Primary metric: {ExperimentMetrics.NameOf(d.PrimaryMetric)}; guardrails: {(d.Guardrails.Count == 0 ? "none" : string.Join(", ", d.Guardrails.Select(ExperimentMetrics.NameOf)))}");
        Line(text, $"- Coverage: {d.Coverage:0.###}; subject attribute: `{d.SubjectAttribute}`; minimum samples per arm: {d.MinSamplesPerArm}");
        Line(text, $"- Targeting: {(d.Targeting.Count == 0 ? "everyone" : string.Join(" and ", d.Targeting.Select(t => $"{t.Attribute} {t.Operator} {string.Join("|", t.Values)}")))}");
        Line(text, $"- Started: {Time(details.Experiment.StartedAt)}; stopped: {Time(details.Experiment.StoppedAt)}; ends: {Time(d.EndsAt)}");
        Line(text, $"");
        Line(text, $"## Arms and exposure");
        Line(text, $"");
        Line(text, $"| arm | version | weight | executions | first | last |");
        Line(text, $"|---|---|---|---|---|---|");
        foreach (var arm in results.Arms)
            Line(text, $"| {arm.Name}{(arm.Control ? " (control)" : "")} | v{arm.Version} | {arm.Weight:0.###} | {arm.N} | {Time(arm.FirstAt)} | {Time(arm.LastAt)} |");
        Line(text, $"");
        Line(text, $"Sample-ratio check: χ² = {results.Srm.ChiSquare:0.###}, p = {results.Srm.PValue:G4}{(results.Srm.Mismatch ? " — **mismatch**" : "")}.");
        Line(text, $"");
        Line(text, $"## Metrics ({results.ConfidenceLevel:P0} intervals; effects are treatment − control)");
        Line(text, $"");
        Line(text, $"| metric | role | arm | value | n | test | effect [CI] | p | sequential [CI] | seq. p | chance to beat control |");
        Line(text, $"|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var arm in results.Arms)
        {
            foreach (var m in arm.Metrics)
            {
                var e = m.Effect;
                Line(text, e is null
                    ? (FormattableString)$"| {m.Metric} | {m.Role} | {arm.Name} | {Number(m.Value)} | {m.Count} | {m.Test} | | | | | |"
                    : $"| {m.Metric} | {m.Role} | {arm.Name} | {Number(m.Value)} | {m.Count} | {m.Test} | {e.Absolute.Estimate:G4} [{e.Absolute.Lower:G4}, {e.Absolute.Upper:G4}] | {e.Absolute.PValue:G3} | {e.Sequential.Estimate:G4} [{e.Sequential.Lower:G4}, {e.Sequential.Upper:G4}] | {e.Sequential.PValue:G3} | {e.ChanceToBeatControl:P1} |");
            }
        }

        Line(text, $"");
        Line(text, $"## Recommendation: {results.Recommendation.Action}{(results.Recommendation.Arm is null ? "" : $" '{results.Recommendation.Arm}'")}");
        Line(text, $"");
        foreach (var reason in results.Recommendation.Reasoning)
            Line(text, $"- {reason}");
        Line(text, $"");
        Line(text, $"## Decision");
        Line(text, $"");
        Line(text, details.Experiment.Decision is { } decision
            ? (FormattableString)$"{ExperimentVerdicts.NameOf(decision.Verdict)}{(decision.Arm is null ? "" : $" '{decision.Arm}'")}: {details.DecisionReason}"
            : $"None yet.");
        Line(text, $"");
        Line(text, $"## Audit");
        Line(text, $"");
        foreach (var a in report.Audit)
            Line(text, $"- {Time(a.At)} {a.Actor} {a.Action}: {a.Summary}{(a.Reason is null ? "" : $" ({a.Reason})")}");
        return text.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "—";

    private static string Number(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "—";
}
