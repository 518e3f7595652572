using System.Globalization;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Model;

/// <summary>
/// One entry of the incident timeline as the console shows it. <paramref name="Figures"/>: lines of snapshot figures
/// (automatic rollbacks and recovery checks); <paramref name="Recovery"/>: the watch's state for those.
/// </summary>
public sealed record IncidentRow(
    DateTimeOffset At,
    string Kind,
    string Title,
    string Actor,
    string Summary,
    string? Reason,
    IReadOnlyList<string> Figures,
    string? Recovery,
    string? RecoveryReason);

/// <summary>The prompt's incident timeline, newest first, and whether automatic rollback may act now (and if not, why).</summary>
public sealed class IncidentsViewModel(IIncidentTimeline timeline, IAutomaticRollbacks rollbacks)
{
    public const string AvailableText = "Automatic rollback available";

    public bool Loaded { get; private set; }

    public IReadOnlyList<IncidentRow> Entries { get; private set; } = [];

    public AutomationStatus? Status { get; private set; }

    public ErrorView? Error { get; private set; }

    public bool StoodDown => Status is { Available: false };

    /// <summary>"Automatic rollback available" or "Automation stood down: &lt;reason&gt;": the line above the timeline.</summary>
    public string StatusLine => Status switch
    {
        null => string.Empty,
        { Available: true, RollbacksInLast24Hours: 0 } => AvailableText,
        { Available: true } s => $"{AvailableText} ({s.RollbacksInLast24Hours} automatic rollback{(s.RollbacksInLast24Hours == 1 ? string.Empty : "s")} in the last 24 hours)",
        { } s => $"Automation stood down: {s.Reason}",
    };

    public async Task LoadAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        var entries = await timeline.GetAsync(promptKey, cancellationToken: cancellationToken);
        Status = await rollbacks.GetStatusAsync(promptKey, cancellationToken);
        Error = entries.IsSuccess ? null : ErrorView.From(entries.Error!);
        Entries = entries.IsSuccess ? entries.Value.Select(Row).ToArray() : [];
        Loaded = true;
    }

    public static IncidentRow Row(IncidentEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var details = entry.Details ?? new Dictionary<string, string>();
        var figures = new List<string>();
        string? recovery = null;
        string? recoveryReason = null;
        if (entry.Kind is IncidentKinds.AutomaticRollback or IncidentKinds.Recovery && details.ContainsKey("recovery"))
        {
            var from = details.GetValueOrDefault("fromVersion");
            var to = details.GetValueOrDefault("toVersion");
            if (Figures(details, "atRollback") is { } before)
                figures.Add($"At rollback (v{from}): {before}");
            if (Figures(details, "afterRollback") is { } after)
                figures.Add($"After the rollback (v{to}): {after}");
            recovery = details["recovery"];
            recoveryReason = details.GetValueOrDefault("recoveryReason");
        }

        return new IncidentRow(entry.At, entry.Kind, Title(entry), entry.Actor, entry.Summary, entry.Reason, figures, recovery, recoveryReason);
    }

    /// <summary>How the console names a recovery state.</summary>
    public static string RecoveryText(string state) => state switch
    {
        RecoveryAssessment.Watching => "watching recovery",
        RecoveryAssessment.Recovered => "recovered",
        RecoveryAssessment.NotRecovered => "not recovered",
        RecoveryAssessment.NoTraffic => "no traffic after the rollback",
        _ => state,
    };

    private static string Title(IncidentEntry entry) => entry.Kind switch
    {
        IncidentKinds.Deploy => "Deploy",
        IncidentKinds.Rollback => "Manual rollback",
        IncidentKinds.AutomaticRollback => "Automatic rollback",
        IncidentKinds.StoodDown => "Automation stood down",
        IncidentKinds.Recovery => "Recovery check",
        IncidentKinds.Canary => "Canary " + Verb(entry.Action),
        IncidentKinds.GoldenRun => "Golden run",
        IncidentKinds.GoldenOverride => "Golden gate overridden",
        IncidentKinds.Experiment => "Experiment " + Verb(entry.Action),
        IncidentKinds.KillSwitch => entry.Action.EndsWith("enabled", StringComparison.Ordinal) ? "Kill switch engaged" : "Kill switch released",
        _ => entry.Action,
    };

    /// <summary><c>canary.step-advanced</c> → "step advanced".</summary>
    private static string Verb(string action)
    {
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        return (dot >= 0 ? action[(dot + 1)..] : action).Replace('-', ' ');
    }

    /// <summary>"40 executions · error rate 100 % · p95 120 ms · $0.000100 per execution · feedback 4.20 · score 0.81".</summary>
    private static string? Figures(IReadOnlyDictionary<string, string> details, string prefix)
    {
        if (!details.TryGetValue(prefix + ".executions", out var executionsText))
            return null;
        var executions = long.Parse(executionsText, CultureInfo.InvariantCulture);
        if (executions == 0)
            return "no executions";
        var parts = new List<string> { $"{executions} execution{(executions == 1 ? string.Empty : "s")}" };
        if (Number(details, prefix + ".errorRate") is { } errorRate)
            parts.Add($"error rate {(errorRate * 100).ToString("0.#", CultureInfo.InvariantCulture)} %");
        if (Number(details, prefix + ".p95LatencyMs") is { } p95)
            parts.Add("p95 " + ConsoleFormat.Milliseconds(p95));
        if (Number(details, prefix + ".costPerExecutionUsd") is { } cost)
            parts.Add(ConsoleFormat.Cost((decimal)cost) + " per execution");
        if (Number(details, prefix + ".meanFeedback") is { } feedback)
            parts.Add("feedback " + feedback.ToString("0.00", CultureInfo.InvariantCulture));
        if (Number(details, prefix + ".meanAutomatedScore") is { } score)
            parts.Add("score " + score.ToString("0.00", CultureInfo.InvariantCulture));
        return string.Join(" · ", parts);
    }

    private static double? Number(IReadOnlyDictionary<string, string> details, string key) =>
        details.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
