using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Model.Rollouts;

/// <summary>
/// One row of the start dialog's gates editor. Thresholds are in the compared value's unit: a share for rate
/// differences (0.01 = 1 point), a ratio for latency and cost (1.2 = 20 % slower), points for feedback.
/// The comparison follows the metric's direction: better lower passes at or under the threshold.
/// </summary>
public sealed class GateRow(CanaryGate gate, bool enabled)
{
    public GateMetric Metric { get; } = gate.Metric;

    public bool Enabled { get; set; } = enabled;

    public double SuccessThreshold { get; set; } = gate.SuccessCondition?.Threshold ?? 0;

    public double FailureThreshold { get; set; } = gate.FailureCondition?.Threshold ?? 0;

    public int FailureLimit { get; set; } = gate.FailureLimit;

    public int InconclusiveLimit { get; set; } = gate.InconclusiveLimit;

    public int ConsecutiveErrorLimit { get; set; } = gate.ConsecutiveErrorLimit;

    public bool Statistical { get; set; } = gate.Statistical;

    public CanaryGate ToGate()
    {
        var higherIsBetter = CanaryFormat.HigherIsBetter(Metric);
        return new CanaryGate(
            Metric,
            new GateCondition(higherIsBetter ? GateComparison.GreaterThanOrEqual : GateComparison.LessThanOrEqual, SuccessThreshold),
            new GateCondition(higherIsBetter ? GateComparison.LessThan : GateComparison.GreaterThan, FailureThreshold),
            FailureLimit,
            InconclusiveLimit,
            ConsecutiveErrorLimit,
            Statistical);
    }
}

/// <summary>
/// The start-canary dialog: the candidate, the label, steps, step length, executions per step, the gates and
/// a reason. The service's field errors are shown on the fields they name (<c>steps[1]</c> under the steps,
/// <c>gates[0].…</c> on the gate row sent first). When the golden gate refuses the candidate (Conflict
/// <c>golden-gate</c>) the dialog shows why and asks for an override reason; sending one starts it anyway.
/// </summary>
public sealed class StartCanaryViewModel(ICanaryService canaries, IConsoleUser user)
{
    public const string GoldenGateCode = "golden-gate";

    /// <summary>The gate rows that were sent, in order: <c>gates[i]</c> in a field error is the i-th of these.</summary>
    private IReadOnlyList<GateRow> _sentGates = [];

    public string PromptKey { get; private set; } = string.Empty;

    /// <summary>Versions that may be canaried (not deprecated), newest first.</summary>
    public IReadOnlyList<int> Versions { get; private set; } = [];

    /// <summary>Label name → the version it serves now (the canary's baseline).</summary>
    public IReadOnlyDictionary<string, int?> LabelVersions { get; private set; } = new Dictionary<string, int?>();

    public int? CandidateVersion { get; set; }

    public string Label { get; set; } = LabelName.Production;

    public string StepsText { get; set; } = string.Join(", ", CanaryDefinition.DefaultSteps);

    public double StepMinutes { get; set; } = CanaryDefinition.DefaultStepDuration.TotalMinutes;

    public int MinExecutionsPerStep { get; set; } = CanaryDefinition.DefaultMinExecutionsPerStep;

    public IReadOnlyList<GateRow> Gates { get; private set; } = NewGates();

    public string? Reason { get; set; }

    /// <summary>Shown once the golden gate refused the candidate.</summary>
    public string? OverrideReason { get; set; }

    /// <summary>The golden gate refused the candidate: the dialog offers the override reason.</summary>
    public bool NeedsOverride { get; private set; }

    public ErrorView? Error { get; private set; }

    public bool Busy { get; private set; }

    /// <summary>The version the label serves now, the canary's baseline; null when the label is new or empty.</summary>
    public int? BaselineVersion => LabelVersions.TryGetValue(Label.Trim(), out var version) ? version : null;

    public void Load(Prompt prompt)
    {
        PromptKey = prompt.Key;
        Versions = prompt.Versions.Where(v => !v.IsDeprecated).Select(v => v.Number).OrderByDescending(n => n).ToArray();
        LabelVersions = prompt.Labels.ToDictionary(l => l.Name, l => l.VersionNumber, StringComparer.Ordinal);
        // The newest version the label does not serve yet: usually the one to try.
        var baseline = BaselineVersion;
        CandidateVersion = Versions.FirstOrDefault(v => v != baseline) is var candidate && candidate != 0 ? candidate : Versions.FirstOrDefault();
        if (CandidateVersion == 0)
            CandidateVersion = null;
    }

    /// <summary>Messages for one input: the field itself and anything under it (<c>steps</c> shows <c>steps[1]</c>).</summary>
    public IReadOnlyList<string> MessagesFor(string field) =>
        Error?.Fields.Where(f => Under(f.Field, field)).Select(f => f.Text).ToArray() ?? [];

    /// <summary>Messages for one gate row, by its position among the gates sent.</summary>
    public IReadOnlyList<string> MessagesFor(GateRow row)
    {
        var index = _sentGates.ToList().IndexOf(row);
        return index < 0 ? [] : MessagesFor($"gates[{index}]");
    }

    /// <summary>Field errors no input shows, for the error panel.</summary>
    public IReadOnlyList<FieldMessage> Unplaced =>
        Error?.Fields.Where(f => !PlacedFields.Any(p => Under(f.Field, p)) && !IsPlacedGate(f.Field)).ToArray() ?? [];

    public static readonly string[] PlacedFields = ["candidateVersion", "label", "steps", "stepMinutes", "minExecutionsPerStep", "reason", "overrideReason"];

    /// <summary>The steps as typed ("5, 25, 50, 100"); null with a message when they are not whole numbers.</summary>
    public static IReadOnlyList<int>? ParseSteps(string? text, out string? message)
    {
        message = null;
        var parts = (text ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            message = "Give at least one step, e.g. 5, 25, 50, 100.";
            return null;
        }

        var steps = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part.TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
            {
                message = $"'{part}' is not a whole percentage; write the steps as 5, 25, 50, 100.";
                return null;
            }

            steps.Add(percent);
        }

        return steps;
    }

    public StartCanaryCommand BuildCommand(IReadOnlyList<int> steps)
    {
        _sentGates = Gates.Where(g => g.Enabled).ToArray();
        return new StartCanaryCommand(
            CandidateVersion,
            Blank(Label),
            steps,
            StepMinutes,
            MinExecutionsPerStep,
            _sentGates.Select(g => g.ToGate()).ToArray(),
            Blank(Reason),
            NeedsOverride ? Blank(OverrideReason) : null);
    }

    /// <summary>A canary moves the label step by step, so starting one is an Operator's change.</summary>
    public bool CanStart => user.CanOperate();

    /// <summary>Starts the canary; the started canary, or null with <see cref="Error"/> saying why not.</summary>
    public async Task<CanaryDetails?> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!CanStart)
        {
            Error = user.OperatorRequired();
            return null;
        }

        var steps = ParseSteps(StepsText, out var stepsMessage);
        if (steps is null)
        {
            Error = new ErrorView(ErrorKind.Validation, "validation", "The canary was not started: check the steps.", [new FieldMessage("steps", stepsMessage!, null, null)]);
            return null;
        }

        Busy = true;
        Error = null;
        try
        {
            var result = await canaries.StartAsync(PromptKey, BuildCommand(steps), user.Name, cancellationToken);
            if (result.IsSuccess)
                return result.Value;

            Error = ErrorView.From(result.Error!);
            if (result.Error!.Code == GoldenGateCode)
                NeedsOverride = true;
            return null;
        }
        finally
        {
            Busy = false;
        }
    }

    public void ResetGates() => Gates = NewGates();

    /// <summary>One row per metric with the domain's default gate, switched on for the gates a canary gets without any.</summary>
    private static GateRow[] NewGates() => Enum.GetValues<GateMetric>()
        .Select(metric => new GateRow(CanaryGateDefaults.For(metric), CanaryGateDefaults.Gates.Any(g => g.Metric == metric)))
        .ToArray();

    private static bool IsPlacedGate(string field) =>
        field.StartsWith("gates[", StringComparison.OrdinalIgnoreCase);

    private static bool Under(string actual, string wanted) =>
        string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase)
        || (actual.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) && actual.Length > wanted.Length && actual[wanted.Length] is '[' or '.');

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
