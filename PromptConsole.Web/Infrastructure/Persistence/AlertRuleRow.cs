using PromptConsole.Domain.Alerts;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// A stored alert rule: the checked <see cref="AlertRuleDefinition"/> in columns with names as the API spells them,
/// lists as primitive collections. Only ever written from a definition that passed <see cref="AlertRuleValidator"/>.
/// </summary>
public sealed class AlertRuleRow
{
    private AlertRuleRow()
    {
        Name = Condition = Window = Severity = Label = string.Empty;
        Actions = [];
        Channels = [];
    }

    public AlertRuleRow(AlertRuleDefinition definition, DateTimeOffset now)
        : this()
    {
        Id = Guid.CreateVersion7(now);
        CreatedAt = now;
        Apply(definition, now);
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string? PromptKey { get; private set; }

    public string Condition { get; private set; }

    public double Threshold { get; private set; }

    public string Window { get; private set; }

    public string Severity { get; private set; }

    public List<string> Actions { get; private set; }

    public List<Guid> Channels { get; private set; }

    public Guid? EscalationChannel { get; private set; }

    public string? EscalateAfter { get; private set; }

    public string? RepeatEvery { get; private set; }

    public string Label { get; private set; }

    public string? Evaluator { get; private set; }

    public bool Enabled { get; private set; }

    public Guid? SloId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Bumped by every change; the concurrency token, so a stale copy's UPDATE matches no row.</summary>
    public int Revision { get; private set; }

    public void Apply(AlertRuleDefinition definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Name = definition.Name;
        PromptKey = definition.Prompt;
        Condition = AlertConditionNames.Of(definition.Condition);
        Threshold = definition.Threshold;
        Window = definition.Window;
        Severity = AlertSeverityNames.Of(definition.Severity);
        Actions = definition.Actions.Select(AlertActionNames.Of).ToList();
        Channels = definition.Channels.ToList();
        EscalationChannel = definition.EscalationChannel;
        EscalateAfter = definition.EscalateAfter;
        RepeatEvery = definition.RepeatEvery;
        Label = definition.Label;
        Evaluator = definition.Evaluator;
        Enabled = definition.Enabled;
        SloId = definition.Slo;
        UpdatedAt = now;
        Revision++;
    }

    /// <summary>The definition again, through the validator (a stored rule always passes it).</summary>
    public AlertRuleDefinition ToDefinition()
    {
        var checkedRule = AlertRuleValidator.Validate(new AlertRuleDraft(
            Name, PromptKey, Condition, Threshold, Window, Severity, Actions.ToArray<string?>(), Channels.ToArray(), EscalationChannel,
            EscalateAfter, RepeatEvery, Label, Evaluator, Enabled, SloId));
        return checkedRule.IsSuccess
            ? checkedRule.Value
            : throw new InvalidOperationException($"Stored alert rule {Id} no longer passes validation: {string.Join("; ", checkedRule.Error!.FieldErrors.Select(f => $"{f.Field}: {f.Message}"))}");
    }

    public AlertRuleView ToView() => new(
        Id, Name, PromptKey, Condition, Threshold, Window, Severity, Actions.ToArray(), Channels.ToArray(), EscalationChannel,
        EscalateAfter, RepeatEvery, Label, Evaluator, Enabled, SloId, CreatedAt, UpdatedAt);
}
