using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Model.Alerts;

/// <summary>
/// The create/edit alert-rule dialog: condition, threshold, window, severity, actions, channels, escalation, repeat,
/// label and, for <c>slo-burn</c>, the SLO. The service validates; its field errors are shown under the inputs they
/// name (<c>channels[1]</c> under the channels) with the API's text.
/// </summary>
public sealed class AlertRuleFormViewModel(IAlertService alerts, INotificationChannels channels, ISloService slos, IConsoleUser user)
{
    public static readonly string[] PlacedFields =
        ["name", "prompt", "condition", "threshold", "window", "severity", "actions", "channels", "escalationChannel", "escalateAfter", "repeatEvery", "label", "evaluator", "slo"];

    public Guid? EditingId { get; private set; }

    public string? Name { get; set; }

    public string? Prompt { get; set; }

    public string Condition { get; set; } = "error-rate-spike";

    public double? Threshold { get; set; } = 0.05;

    public string? Window { get; set; } = "5m";

    public string Severity { get; set; } = "page";

    public HashSet<string> Actions { get; private set; } = ["notify"];

    public HashSet<Guid> Channels { get; private set; } = [];

    public Guid? EscalationChannel { get; set; }

    public string? EscalateAfter { get; set; }

    public string? RepeatEvery { get; set; }

    public string? Label { get; set; }

    public string? Evaluator { get; set; }

    public bool Enabled { get; set; } = true;

    public Guid? Slo { get; set; }

    public IReadOnlyList<ChannelView> ChannelOptions { get; private set; } = [];

    public IReadOnlyList<SloView> SloOptions { get; private set; } = [];

    private readonly FormSubmission _submission = new();

    public ErrorView? Error => _submission.Error;

    public bool Busy => _submission.Busy;

    public bool IsSloBurn => Condition == AlertFormat.SloBurn;

    public async Task LoadAsync(AlertRuleView? rule, CancellationToken cancellationToken = default)
    {
        _submission.Clear();
        ChannelOptions = await channels.ListAsync(cancellationToken);
        SloOptions = await slos.ListAsync(cancellationToken);
        if (rule is null)
        {
            EditingId = null;
            return;
        }

        EditingId = rule.Id;
        Name = rule.Name;
        Prompt = rule.Prompt;
        Condition = rule.Condition;
        Threshold = rule.Threshold;
        Window = rule.Window;
        Severity = rule.Severity;
        Actions = [.. rule.Actions];
        Channels = [.. rule.Channels];
        EscalationChannel = rule.EscalationChannel;
        EscalateAfter = rule.EscalateAfter;
        RepeatEvery = rule.RepeatEvery;
        Label = rule.Label;
        Evaluator = rule.Evaluator;
        Enabled = rule.Enabled;
        Slo = rule.Slo;
    }

    public void SetAction(string action, bool on)
    {
        if (on)
            Actions.Add(action);
        else
            Actions.Remove(action);
    }

    public void SetChannel(Guid channel, bool on)
    {
        if (on)
            Channels.Add(channel);
        else
            Channels.Remove(channel);
    }

    /// <summary>Messages for one input: the field itself and anything under it (<c>channels</c> shows <c>channels[1]</c>).</summary>
    public IReadOnlyList<string> MessagesFor(string field) =>
        Error?.Fields.Where(f => Under(f.Field, field)).Select(f => f.Text).ToArray() ?? [];

    /// <summary>The error for the dialog's panel: its message and the field errors no input shows.</summary>
    public ErrorView? PanelError => Error is null ? null : Error with { Fields = Unplaced };

    public IReadOnlyList<FieldMessage> Unplaced =>
        Error?.Fields.Where(f => !PlacedFields.Any(p => Under(f.Field, p))).ToArray() ?? [];

    /// <summary>Actions and channels in the order the dialog lists them, so <c>channels[i]</c> names what the operator sees.</summary>
    public AlertRuleCommand BuildCommand() => new(
        FormSubmission.Blank(Name),
        FormSubmission.Blank(Prompt),
        Condition,
        Threshold,
        FormSubmission.Blank(Window),
        Severity,
        AlertFormat.Actions.Where(Actions.Contains).ToArray(),
        ChannelOptions.Select(c => c.Id).Where(Channels.Contains).Concat(Channels.Where(id => ChannelOptions.All(c => c.Id != id))).ToArray(),
        EscalationChannel,
        FormSubmission.Blank(EscalateAfter),
        FormSubmission.Blank(RepeatEvery),
        FormSubmission.Blank(Label),
        FormSubmission.Blank(Evaluator),
        Enabled,
        IsSloBurn ? Slo : null);

    /// <summary>The dialog is offered only to roles that may save; this refuses anyone else all the same.</summary>
    public bool CanSave => user.CanOperate();

    public Task<AlertRuleView?> SaveAsync(CancellationToken cancellationToken = default)
        => !CanSave
            ? Task.FromResult(_submission.Refuse<AlertRuleView>(user.OperatorRequired()))
            : _submission.RunAsync(() => EditingId is { } id
            ? alerts.UpdateRuleAsync(id, BuildCommand(), user.Name, cancellationToken)
            : alerts.CreateRuleAsync(BuildCommand(), user.Name, cancellationToken));

    internal static bool Under(string actual, string wanted) =>
        string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase)
        || (actual.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) && actual.Length > wanted.Length && actual[wanted.Length] is '[' or '.');
}
