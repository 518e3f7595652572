using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Statistics;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model.Experiments;

/// <summary>One line of the review: what was chosen, and the step that chose it.</summary>
public sealed record SummaryLine(string Label, string Value, WizardStep Step);

/// <summary>
/// The new-experiment wizard. Each step is checked with <see cref="ExperimentValidator"/> itself, keeping
/// only the errors of that step's fields, so the messages are the ones the management API would return for
/// the same body; "Next" stays on the step until they are fixed.
/// </summary>
public sealed class ExperimentWizardViewModel(
    IPromptRegistry registry,
    IExperimentPlanningData planning,
    IExperimentWizardBackend backend,
    IConsoleUser user,
    TimeProvider time)
{
    public const string ControlName = "control";
    public const string StepBlockedMessage = "Fix the fields marked below to go on.";
    public const string InvalidExperimentMessage = "The experiment is not valid.";

    private readonly List<ArmRow> _arms = [];
    private readonly List<ConditionRow> _conditions = [];
    private readonly HashSet<string> _guardrails = new(StringComparer.Ordinal);
    private string _primaryMetric = ExperimentMetrics.NameOf(ExperimentMetric.SuccessRate);
    private (string Prompt, int? Control, string Metric)? _plannedFor;

    public WizardStep Step { get; private set; } = WizardStep.Prompt;

    /// <summary>Field messages now shown: the current step's after a blocked "Next", every step's after a refused launch.</summary>
    public ErrorView? Errors { get; private set; }

    /// <summary>Above the step's inputs when "Next" was refused.</summary>
    public string? StepMessage { get; private set; }

    public IReadOnlySet<WizardStep> StepsWithErrors =>
        (Errors?.Fields ?? []).Select(f => WizardSteps.StepOf(f.Field)).ToHashSet();

    // Step 1: prompt.

    /// <summary>Prompts with at least two versions: an experiment compares versions.</summary>
    public IReadOnlyList<PromptSummary> PromptChoices { get; private set; } = [];

    public Prompt? Prompt { get; private set; }

    /// <summary>Why the prompt named in the address was not preselected.</summary>
    public string? PromptNotice { get; private set; }

    public string? PromptKey => Prompt?.Key;

    public string Key { get; set; } = string.Empty;

    public string Hypothesis { get; set; } = string.Empty;

    /// <summary>The prompt's version numbers, newest first.</summary>
    public IReadOnlyList<int> Versions => Prompt?.Versions.Select(v => v.Number).OrderByDescending(n => n).ToArray() ?? [];

    // Step 2: arms.

    public IReadOnlyList<ArmRow> Arms => _arms;

    /// <summary>Saving or launching an experiment is an Operator's change; a Viewer may still walk the wizard to plan.</summary>
    public bool CanLaunch => user.CanOperate();

    public bool CanAddArm => _arms.Count < ExperimentValidator.MaxArms;

    public bool CanRemoveArms => _arms.Count > ExperimentValidator.MinArms;

    /// <summary>The arm whose version the diff compares with the control's.</summary>
    public int ComparedArm { get; private set; } = 1;

    public DiffViewModel Diff { get; } = new();

    // Step 3: audience.

    public IReadOnlyList<ConditionRow> Conditions => _conditions;

    public int CoveragePercent { get; set; } = 100;

    public string SubjectAttribute { get; set; } = AttributeName.Subject;

    // Step 4: metrics.

    public string PrimaryMetric
    {
        get => _primaryMetric;
        set
        {
            _primaryMetric = value;
            _guardrails.Remove(value);
        }
    }

    /// <summary>Metrics that must not get worse; never the primary one.</summary>
    public IReadOnlyCollection<string> Guardrails
    {
        get => ExperimentMetrics.AllNames.Where(_guardrails.Contains).ToArray();
        set
        {
            _guardrails.Clear();
            _guardrails.UnionWith(value);
        }
    }

    public IReadOnlyList<string> GuardrailChoices => ExperimentMetrics.AllNames.Where(n => n != PrimaryMetric).ToArray();

    public int MinSamplesPerArm { get; set; } = ExperimentValidator.DefaultMinSamplesPerArm;

    // Step 5: sample size.

    public double EligiblePerDay { get; private set; }

    /// <summary>What the metrics store says about the control; null before loading or when it has no data yet.</summary>
    public MetricBaseline? MeasuredBaseline { get; private set; }

    /// <summary>Prefilled from <see cref="MeasuredBaseline"/>; the operator may plan with another value.</summary>
    public double? Baseline { get; set; }

    public double? StandardDeviation { get; set; }

    public double MdePercent { get; set; } = 5;

    public double Alpha { get; set; } = SampleSize.DefaultAlpha;

    public double Power { get; set; } = SampleSize.DefaultPower;

    public bool PrimaryIsRate => ExperimentMetrics.TryParse(PrimaryMetric, out var metric) && SampleSizePlan.IsRate(metric);

    /// <summary>Null until a primary metric is chosen.</summary>
    public SampleSizePlan? Plan => ExperimentMetrics.TryParse(PrimaryMetric, out var metric)
        ? SampleSizePlan.From(new SampleSizeInputs(
            metric, Baseline, StandardDeviation, MdePercent, Alpha, Power, MinSamplesPerArm,
            _arms.Select(a => a.Weight).ToArray(), EligiblePerDay, CoveragePercent / 100.0))
        : null;

    // Launch.

    public bool Saving { get; private set; }

    /// <summary>The service's refusal of a launch or save, when it gave one.</summary>
    public ErrorView? LaunchError { get; private set; }

    public async Task LoadAsync(string? promptKey, CancellationToken cancellationToken = default)
    {
        var prompts = await registry.ListAsync(null, cancellationToken);
        PromptChoices = prompts.Where(p => p.VersionCount >= 2).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        if (string.IsNullOrWhiteSpace(promptKey))
            return;
        if (PromptChoices.Any(p => p.Key == promptKey))
            await SelectPromptAsync(promptKey, cancellationToken);
        else
            PromptNotice = prompts.Any(p => p.Key == promptKey)
                ? $"'{promptKey}' has only one version: add a version to compare with it first."
                : $"There is no prompt '{promptKey}'.";
    }

    /// <summary>Loads the prompt's versions and starts with two arms: the version in production (or the one before the latest) against the latest.</summary>
    public async Task SelectPromptAsync(string? promptKey, CancellationToken cancellationToken = default)
    {
        _arms.Clear();
        Prompt = null;
        PromptNotice = null;
        if (string.IsNullOrWhiteSpace(promptKey))
            return;

        var result = await registry.GetAsync(promptKey, cancellationToken);
        if (!result.IsSuccess)
        {
            Errors = ErrorView.From(result.Error!);
            return;
        }

        Prompt = result.Value;
        var versions = Versions;
        var latest = versions.Count > 0 ? versions[0] : (int?)null;
        var production = Prompt.FindLabel(LabelName.Production)?.VersionNumber;
        var control = production is { } deployed && deployed != latest ? deployed : versions.Count > 1 ? versions[1] : latest;
        _arms.Add(new ArmRow { Name = ControlName, Version = control, Weight = 50 });
        _arms.Add(new ArmRow { Name = "treatment", Version = latest, Weight = 50 });
        Diff.Load(Prompt);
        CompareWith(1);
    }

    public void AddArm()
    {
        if (!CanAddArm)
            return;
        var used = _arms.Select(a => a.Version).ToHashSet();
        var version = Versions.Cast<int?>().FirstOrDefault(v => !used.Contains(v)) ?? Versions.FirstOrDefault();
        _arms.Add(new ArmRow { Name = FreeArmName(), Version = version });
        SplitEvenly();
        Errors = null;
    }

    /// <summary>The control (first arm) stays; an experiment keeps at least two arms.</summary>
    public void RemoveArm(int index)
    {
        if (index <= 0 || index >= _arms.Count || !CanRemoveArms)
            return;
        _arms.RemoveAt(index);
        SplitEvenly();
        CompareWith(Math.Min(ComparedArm, _arms.Count - 1));
        Errors = null;
    }

    /// <summary>Whole-percent weights summing to 100, the remainder going to the first arms.</summary>
    public void SplitEvenly()
    {
        var count = _arms.Count;
        for (var i = 0; i < count; i++)
            _arms[i].Weight = 100 / count + (i < 100 % count ? 1 : 0);
    }

    /// <summary>An arm's share of the traffic the experiment enrols, in [0, 1]; 0 when no arm has weight.</summary>
    public double Share(int index)
    {
        var total = _arms.Sum(a => Math.Max(0, a.Weight));
        return total > 0 ? Math.Max(0, _arms[index].Weight) / total : 0;
    }

    /// <summary>Shows the diff of arm <paramref name="index"/>'s version against the control's.</summary>
    public void CompareWith(int index)
    {
        if (index < 1 || index >= _arms.Count)
            return;
        ComparedArm = index;
        RefreshDiff();
    }

    /// <summary>After a version changed: the diff follows the control and the compared arm.</summary>
    public void RefreshDiff()
    {
        if (Prompt is null || _arms.Count < 2)
            return;
        Diff.FromVersion = _arms[0].Version;
        Diff.ToVersion = _arms[ComparedArm].Version;
        Diff.Pick();
    }

    public void AddCondition()
    {
        if (_conditions.Count < TargetingRules.MaxConditions)
            _conditions.Add(new ConditionRow());
        Errors = null;
    }

    public void RemoveCondition(int index)
    {
        if (index >= 0 && index < _conditions.Count)
            _conditions.RemoveAt(index);
        Errors = null;
    }

    /// <summary>The body the API would receive for what is filled in now.</summary>
    public ExperimentDraft BuildDraft() => new(
        Key.Trim(),
        Prompt?.Key,
        Hypothesis,
        _arms.Select(a => (ArmDraft?)a.ToDraft()).ToArray(),
        CoveragePercent / 100.0,
        _conditions.Select(c => (TargetingConditionDraft?)c.ToDraft()).ToArray(),
        SubjectAttribute.Trim(),
        PrimaryMetric,
        Guardrails.Select(g => (string?)g).ToArray(),
        MinSamplesPerArm);

    /// <summary>Every field error of the whole body, as the validator words them, plus the sample-size inputs' own.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var versions = Prompt?.Versions.Select(v => v.Number).ToHashSet() ?? [];
        var result = ExperimentValidator.Validate(BuildDraft(), versions, time.GetUtcNow());
        var errors = result.IsSuccess ? [] : result.Error!.FieldErrors.ToList();
        // A duration that cannot be estimated (no traffic, a zero weight) is shown, not a reason to refuse the experiment.
        if (Plan?.Error is { } planError)
            errors.AddRange(planError.FieldErrors.Where(f => WizardSteps.StepOf(f.Field) == WizardStep.SampleSize));
        return errors;
    }

    public IReadOnlyList<FieldError> ErrorsOf(WizardStep step) =>
        Validate().Where(e => WizardSteps.StepOf(e.Field) == step).ToArray();

    /// <summary>Checks the current step and moves on when it is valid; entering the sample-size step loads traffic and baseline.</summary>
    public async Task<bool> NextAsync(CancellationToken cancellationToken = default)
    {
        if (Step == WizardStep.Review || !Check(Step))
            return false;
        Step++;
        if (Step == WizardStep.SampleSize)
            await LoadPlanningAsync(cancellationToken);
        return true;
    }

    public void Back()
    {
        if (Step > WizardStep.Prompt)
            Step--;
        StepMessage = null;
    }

    /// <summary>Back to any step; forward only through valid steps, stopping at the first that is not.</summary>
    public async Task GoToAsync(WizardStep target, CancellationToken cancellationToken = default)
    {
        if (target <= Step)
        {
            Step = target;
            StepMessage = null;
            return;
        }

        while (Step < target && await NextAsync(cancellationToken))
        {
        }
    }

    /// <summary>Reads traffic and the control's baseline when the prompt, control version or metric changed since the last read.</summary>
    public async Task LoadPlanningAsync(CancellationToken cancellationToken = default)
    {
        if (Prompt is null || !ExperimentMetrics.TryParse(PrimaryMetric, out var metric))
            return;
        var control = _arms.Count > 0 ? _arms[0].Version : null;
        var key = (Prompt.Key, control, PrimaryMetric);
        if (_plannedFor == key)
            return;

        EligiblePerDay = await planning.EligibleExecutionsPerDayAsync(Prompt.Key, cancellationToken);
        MeasuredBaseline = control is { } version ? await planning.BaselineAsync(Prompt.Key, version, metric, cancellationToken) : null;
        Baseline = MeasuredBaseline?.Value;
        StandardDeviation = MeasuredBaseline?.Variance is { } variance ? Math.Sqrt(variance) : null;
        _plannedFor = key;
    }

    public IReadOnlyList<SummaryLine> Summary()
    {
        var lines = new List<SummaryLine>
        {
            new("Key", Key.Trim(), WizardStep.Prompt),
            new("Prompt", Prompt?.Key ?? "(none)", WizardStep.Prompt),
            new("Hypothesis", Hypothesis.Trim(), WizardStep.Prompt),
        };
        for (var i = 0; i < _arms.Count; i++)
        {
            var arm = _arms[i];
            var role = i == 0 ? " (control)" : string.Empty;
            lines.Add(new($"Arm {arm.Name}{role}", $"{ConsoleFormat.Version(arm.Version)} · {Percent(Share(i))} of enrolled traffic", WizardStep.Arms));
        }

        lines.Add(new("Audience", _conditions.Count == 0 ? "all traffic" : string.Join(" and ", _conditions.Select(c => c.Describe())), WizardStep.Audience));
        lines.Add(new("Coverage", $"{CoveragePercent} % of the audience", WizardStep.Audience));
        lines.Add(new("Subject attribute", SubjectAttribute.Trim(), WizardStep.Audience));
        lines.Add(new("Primary metric", PrimaryMetric, WizardStep.Metrics));
        var guardrails = Guardrails.ToArray();
        lines.Add(new("Guardrails", guardrails.Length == 0 ? "none" : string.Join(", ", guardrails), WizardStep.Metrics));
        lines.Add(new("Minimum sample per arm", MinSamplesPerArm.ToString("N0", CultureInfo.InvariantCulture), WizardStep.Metrics));
        if (Plan is { } plan)
            lines.Add(new("Plan", DescribePlan(plan), WizardStep.SampleSize));
        return lines;
    }

    /// <summary>
    /// Checks the whole body, then asks the service to save it (and start it when <paramref name="startNow"/>).
    /// The new key, or null with the errors placed at their steps.
    /// </summary>
    public async Task<string?> LaunchAsync(bool startNow, CancellationToken cancellationToken = default)
    {
        if (!CanLaunch)
        {
            LaunchError = user.OperatorRequired();
            return null;
        }

        LaunchError = null;
        var errors = Validate();
        if (errors.Count > 0)
        {
            Errors = ErrorView.From(Error.Validation("invalid-experiment", InvalidExperimentMessage, errors));
            StepMessage = StepBlockedMessage;
            return null;
        }

        Saving = true;
        try
        {
            var result = await backend.CreateAsync(BuildDraft(), startNow, user.Name, cancellationToken);
            if (result.IsSuccess)
            {
                Errors = null;
                StepMessage = null;
                return result.Value;
            }

            LaunchError = ErrorView.From(result.Error!);
            Errors = LaunchError.Fields.Count > 0 ? LaunchError : null;
            return null;
        }
        finally
        {
            Saving = false;
        }
    }

    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    public static string DescribePlan(SampleSizePlan plan)
    {
        if (plan.Error is { } error)
            return error.FieldErrors.Count > 0 ? string.Join(" ", error.FieldErrors.Select(f => f.Message)) : error.Message;
        if (plan.PlannedPerArm is not { } perArm)
            return plan.DurationText;
        return string.Create(CultureInfo.InvariantCulture, $"{perArm:N0} executions per arm, {plan.DurationText}");
    }

    private bool Check(WizardStep step)
    {
        var errors = ErrorsOf(step);
        if (errors.Count == 0)
        {
            Errors = null;
            StepMessage = null;
            return true;
        }

        Errors = ErrorView.From(Error.Validation("invalid-experiment", InvalidExperimentMessage, errors));
        StepMessage = StepBlockedMessage;
        return false;
    }

    private string FreeArmName()
    {
        var names = _arms.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        for (var n = 2; ; n++)
        {
            var name = $"treatment-{n}";
            if (!names.Contains(name))
                return name;
        }
    }
}
