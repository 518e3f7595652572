using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Web.Model.Flags;

/// <summary>A version a kill switch can fall back to, with the labels that point at it.</summary>
public sealed record VersionChoice(int Number, string Text);

/// <summary>What the stored flag served to the "Try it" request; <see cref="Value"/> is JSON text.</summary>
public sealed record TryResult(string Variant, string Value, string Reason, bool Enabled);

/// <summary>
/// The flag form (new and edit). The form is turned into the same <see cref="FlagDraft"/> the
/// management API takes, so the registry checks it and its messages land at the fields they name.
/// </summary>
public sealed class FlagEditorViewModel(IFlagRegistry flags, IFlagEvaluationService evaluation, IPromptRegistry prompts, IConsoleUser user)
{
    public const string StandardKind = FlagValidator.StandardKind;
    public const string KillSwitchKind = FlagValidator.PromptKillSwitchKind;

    private static readonly string[] FormFields =
        ["key", "description", "kind", "enabled", "subjectAttribute", "variants", "defaultVariant", "targeting", "rollout", "killSwitch", "killSwitch.prompt", "killSwitch.safeVersion"];

    private bool _storedEnabled;

    public static IReadOnlyList<string> Operators => TargetingOperatorNames.All;

    public bool IsNew { get; private set; } = true;

    public bool Loaded { get; private set; }

    /// <summary>The flag the page was opened for does not exist (any more).</summary>
    public bool Missing { get; private set; }

    public int? Revision { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public string Key { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string Kind { get; set; } = StandardKind;

    public bool IsKillSwitch => Kind == KillSwitchKind;

    public bool Enabled { get; set; }

    public List<VariantRow> Variants { get; private set; } = DefaultVariants();

    public string DefaultVariant { get; set; } = PromptKillSwitch.Off;

    public List<ConditionRow> Targeting { get; private set; } = [];

    public List<SliceRow> Rollout { get; private set; } = [];

    public string SubjectAttribute { get; set; } = AttributeName.Subject;

    public string? KillSwitchPrompt { get; private set; }

    public int? KillSwitchVersion { get; set; }

    public IReadOnlyList<string> PromptChoices { get; private set; } = [];

    public IReadOnlyList<VersionChoice> VersionChoices { get; private set; } = [];

    public bool Saving { get; private set; }

    public ErrorView? Error { get; private set; }

    public string? Status { get; private set; }

    public IReadOnlyList<AuditEvent> Audit { get; private set; } = [];

    public string TrySubject { get; set; } = string.Empty;

    public string TryTenant { get; set; } = string.Empty;

    /// <summary>Free request attributes, one <c>name=value</c> per line.</summary>
    public string TryAttributes { get; set; } = string.Empty;

    public TryResult? TryResult { get; private set; }

    public ErrorView? TryError { get; private set; }

    /// <summary>Names typed so far, for the default-variant and slice pickers.</summary>
    public IReadOnlyList<string> VariantNames =>
        Variants.Select(v => v.Name.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    public IReadOnlyList<RolloutSegment> Segments => RolloutBar.Segments(Rollout, DefaultVariant);

    /// <summary>Every field an input shows inline (rows included), so the panel lists only the rest.</summary>
    public string[] PlacedFields =>
    [
        .. FormFields,
        .. Variants.SelectMany((_, i) => new[] { $"variants[{i}]", $"variants[{i}].name", $"variants[{i}].value" }),
        .. Targeting.SelectMany((_, i) => new[] { $"targeting[{i}]", $"targeting[{i}].attribute", $"targeting[{i}].operator", $"targeting[{i}].value" }),
        .. Rollout.SelectMany((_, i) => new[] { $"rollout[{i}]", $"rollout[{i}].variant", $"rollout[{i}].from", $"rollout[{i}].to" }),
    ];

    public async Task LoadNewAsync(CancellationToken cancellationToken = default)
    {
        await LoadPromptChoicesAsync(cancellationToken);
        Loaded = true;
    }

    public async Task LoadAsync(string key, CancellationToken cancellationToken = default)
    {
        IsNew = false;
        var found = await flags.GetAsync(key, cancellationToken);
        if (!found.IsSuccess)
        {
            Missing = found.Error!.Kind == ErrorKind.NotFound;
            Key = key;
            Error = ErrorView.From(found.Error);
            Loaded = true;
            return;
        }

        await LoadPromptChoicesAsync(cancellationToken);
        await ShowAsync(found.Value, cancellationToken);
        Loaded = true;
    }

    /// <summary>Picking a prompt offers its versions; the previous pick is dropped unless the prompt has it too.</summary>
    public async Task SelectPromptAsync(string? promptKey, CancellationToken cancellationToken = default)
    {
        KillSwitchPrompt = string.IsNullOrWhiteSpace(promptKey) ? null : promptKey;
        VersionChoices = [];
        if (KillSwitchPrompt is null)
        {
            KillSwitchVersion = null;
            return;
        }

        var prompt = await prompts.GetAsync(KillSwitchPrompt, cancellationToken);
        if (prompt.IsSuccess)
        {
            var labels = prompt.Value.Labels.Where(l => l.VersionNumber is not null).ToLookup(l => l.VersionNumber!.Value, l => l.Name);
            VersionChoices = prompt.Value.Versions
                .OrderByDescending(v => v.Number)
                .Select(v => new VersionChoice(v.Number, DescribeVersion(v.Number, labels[v.Number], v.IsDeprecated)))
                .ToArray();
        }

        if (KillSwitchVersion is { } chosen && VersionChoices.All(v => v.Number != chosen))
            KillSwitchVersion = null;
    }

    public void AddVariant() => Variants.Add(new VariantRow());

    public void RemoveVariant(VariantRow row) => Variants.Remove(row);

    public void AddCondition() => Targeting.Add(new ConditionRow());

    public void RemoveCondition(ConditionRow row) => Targeting.Remove(row);

    /// <summary>A new slice starts where the last one ends and runs to 100 %.</summary>
    public void AddSlice()
    {
        var from = Rollout.Select(s => s.To ?? 0).DefaultIfEmpty(0).Max();
        Rollout.Add(new SliceRow { Variant = VariantNames.FirstOrDefault() ?? string.Empty, From = Math.Min(from, 99), To = 100 });
    }

    public void RemoveSlice(SliceRow row) => Rollout.Remove(row);

    /// <summary>
    /// The form as the API body. A kill switch sends only its prompt and version (the kind fixes the
    /// rest) and keeps its stored on/off state: engaging one moves production traffic, so that goes
    /// through the list's switch, which asks why.
    /// </summary>
    public FlagDraft BuildDraft()
    {
        var key = Key.Trim();
        var description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        var subject = string.IsNullOrWhiteSpace(SubjectAttribute) ? null : SubjectAttribute.Trim();
        if (IsKillSwitch)
            return new FlagDraft(key, description, KillSwitchKind, _storedEnabled, SubjectAttribute: subject, KillSwitch: new KillSwitchTargetDraft(KillSwitchPrompt, KillSwitchVersion));

        return new FlagDraft(
            key,
            description,
            StandardKind,
            Enabled,
            Variants.Select(v => new FlagVariantDraft(v.Name.Trim(), v.Value.Trim())).ToArray(),
            string.IsNullOrWhiteSpace(DefaultVariant) ? null : DefaultVariant.Trim(),
            Targeting.Select(c => new TargetingConditionDraft(c.Attribute.Trim(), c.Operator, c.Values)).ToArray(),
            Rollout.Select(s => new FlagPercentileDraft(s.Variant, s.From, s.To)).ToArray(),
            subject);
    }

    /// <summary>Creating, changing and deleting flags are an Operator's; Viewers read them and may evaluate them.</summary>
    public bool CanEdit => user.CanOperate();

    /// <summary>Creates or replaces the flag; the saved key, or null when the registry refused (see <see cref="Error"/>).</summary>
    public async Task<string?> SaveAsync(CancellationToken cancellationToken = default)
    {
        if (!CanEdit)
        {
            Error = user.OperatorRequired();
            Status = null;
            return null;
        }

        Saving = true;
        Error = null;
        Status = null;
        try
        {
            var draft = BuildDraft();
            var result = IsNew
                ? await flags.CreateAsync(draft, user.Name, cancellationToken)
                : await flags.UpdateAsync(Key, draft, Revision, user.Name, cancellationToken);
            if (!result.IsSuccess)
            {
                Error = ErrorView.From(result.Error!);
                return null;
            }

            var created = IsNew;
            IsNew = false;
            await ShowAsync(result.Value, cancellationToken);
            Status = created ? $"Created {result.Value.Flag.Key}." : $"Saved {result.Value.Flag.Key} (revision {result.Value.Revision}).";
            return result.Value.Flag.Key;
        }
        finally
        {
            Saving = false;
        }
    }

    /// <summary>What the delete confirmation says; deleting an engaged kill switch releases its prompt.</summary>
    public string DeleteMessage => IsKillSwitch && _storedEnabled
        ? $"Deletes flag '{Key}'. It is engaged: prompt '{KillSwitchPrompt}' stops being held on v{KillSwitchVersion} and routes normally from the next request. Its audit events stay."
        : $"Deletes flag '{Key}'; applications asking for it get not-found from then on. Its audit events stay.";

    /// <summary>Deletes the flag as loaded; a flag changed since then is a conflict, not a silent delete.</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        if (IsNew)
            return false;
        if (!CanEdit)
        {
            Error = user.OperatorRequired();
            return false;
        }

        Error = null;
        var result = await flags.DeleteAsync(Key, Revision, user.Name, cancellationToken);
        if (result.IsSuccess)
            return true;
        Error = ErrorView.From(result.Error!);
        return false;
    }

    /// <summary>Asks the evaluation service what the saved flag serves to the typed request.</summary>
    public async Task TryAsync(CancellationToken cancellationToken = default)
    {
        TryResult = null;
        TryError = null;
        var free = ParseAttributes(TryAttributes, out var problem);
        if (problem is not null)
        {
            TryError = ErrorView.From(Domain.Common.Error.Validation("invalid-attributes", "The attributes are not valid.", [problem]));
            return;
        }

        var attributes = new RequestAttributes(Blank(TrySubject), Blank(TryTenant), free);
        var decision = await evaluation.EvaluateAsync(Key, attributes, cancellationToken);
        if (!decision.IsSuccess)
        {
            TryError = ErrorView.From(decision.Error!);
            return;
        }

        var d = decision.Value;
        TryResult = new TryResult(d.Variant, d.Value.GetRawText(), FlagEvaluationReasons.NameOf(d.Reason), d.Enabled);
    }

    /// <summary>"name=value" per line; blank lines are skipped, a later name wins.</summary>
    public static Dictionary<string, string> ParseAttributes(string text, out FieldError? problem)
    {
        problem = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : string.Empty;
            if (!AttributeName.IsValid(name))
            {
                problem = new FieldError("attributes", $"Line {i + 1}: write name=value with a valid attribute name.");
                return attributes;
            }

            attributes[name] = line[(equals + 1)..].Trim();
        }

        return attributes;
    }

    private async Task ShowAsync(FlagRecord record, CancellationToken cancellationToken)
    {
        var flag = record.Flag;
        Revision = record.Revision;
        UpdatedAt = record.UpdatedAt;
        Key = flag.Key;
        Description = flag.Description;
        Enabled = flag.Enabled;
        _storedEnabled = flag.Enabled;
        SubjectAttribute = flag.SubjectAttribute;
        if (flag.KillSwitch is { } target)
        {
            Kind = KillSwitchKind;
            // The kill switch's own variants and rollout are fixed by its kind; should the kind be
            // changed back to standard, the form starts from the usual off/on pair instead.
            Variants = DefaultVariants();
            DefaultVariant = PromptKillSwitch.Off;
            Targeting = [];
            Rollout = [];
            KillSwitchVersion = target.SafeVersion;
            await SelectPromptAsync(target.PromptKey, cancellationToken);
        }
        else
        {
            Kind = StandardKind;
            Variants = flag.Variants.Select(v => new VariantRow { Name = v.Name, Value = v.Value }).ToList();
            DefaultVariant = flag.DefaultVariant;
            Targeting = flag.Targeting.Select(c => new ConditionRow
            {
                Attribute = c.Attribute,
                Operator = TargetingOperatorNames.NameOf(c.Operator),
                Value = string.Join(", ", c.Values),
            }).ToList();
            Rollout = flag.Rollout.Select(s => new SliceRow { Variant = s.Variant, From = s.From, To = s.To }).ToList();
            KillSwitchPrompt = null;
            KillSwitchVersion = null;
            VersionChoices = [];
        }

        Audit = await flags.GetAuditAsync(flag.Key, cancellationToken: cancellationToken);
    }

    private async Task LoadPromptChoicesAsync(CancellationToken cancellationToken) =>
        PromptChoices = (await prompts.ListAsync(null, cancellationToken)).Select(p => p.Key).ToArray();

    private static string DescribeVersion(int number, IEnumerable<string> labels, bool deprecated)
    {
        var names = labels.Order(StringComparer.Ordinal).ToArray();
        var text = names.Length > 0 ? $"v{number} · {string.Join(", ", names)}" : $"v{number}";
        return deprecated ? text + " (deprecated)" : text;
    }

    private static List<VariantRow> DefaultVariants() =>
        [new() { Name = PromptKillSwitch.Off, Value = "false" }, new() { Name = PromptKillSwitch.On, Value = "true" }];

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
