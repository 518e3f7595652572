using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Model;

public sealed record LabelMoveRow(LabelMoveKind Kind, int? FromVersion, int ToVersion, string Actor, DateTimeOffset At, string? Reason);

/// <summary>A label as the console shows it; <see cref="History"/> is newest first.</summary>
public sealed record LabelRow(string Name, int? Version, DateTimeOffset? UpdatedAt, int? RollbackTarget, IReadOnlyList<LabelMoveRow> History)
{
    public static LabelRow From(Label label) => new(
        label.Name,
        label.VersionNumber,
        label.UpdatedAt,
        label.RollbackTarget,
        label.History.Reverse().Select(m => new LabelMoveRow(m.Kind, m.FromVersion, m.ToVersion, m.Actor, m.At, m.Reason)).ToArray());
}

/// <summary>
/// Labels, their history, deploy and one-click rollback. A deploy passes the golden gate first; a refusal
/// is kept apart from other errors so the page can offer an override with a reason.
/// </summary>
public sealed class LabelsViewModel(IPromptRegistry registry, IGoldenGate gate, IConsoleUser user)
{
    private Prompt? _prompt;

    public IReadOnlyList<LabelRow> Labels { get; private set; } = [];

    /// <summary>Versions a label may point at (deprecated ones cannot be deployed), newest first.</summary>
    public IReadOnlyList<int> DeployableVersions { get; private set; } = [];

    public string DeployLabel { get; set; } = LabelName.Production;

    public int? DeployVersion { get; set; }

    public string? DeployReason { get; set; }

    /// <summary>Why the golden gate refused the last deploy; the same deploy goes through with an <see cref="OverrideReason"/>.</summary>
    public ErrorView? GateRefusal { get; private set; }

    public string? OverrideReason { get; set; }

    public bool Busy { get; private set; }

    public ErrorView? Error { get; private set; }

    public string? Status { get; private set; }

    public IReadOnlyList<string> LabelNames => Labels.Select(l => l.Name).ToArray();

    /// <summary>Viewers see labels and their history but no deploy form.</summary>
    public bool CanDeploy => user.CanOperate();

    /// <summary>Protected labels (production) move only for Admins; the API refuses the others the same way.</summary>
    public bool CanMove(string label) => user.CanMoveLabel(label.Trim());

    public void Load(Prompt prompt)
    {
        _prompt = prompt;
        Labels = prompt.Labels.Select(LabelRow.From).ToArray();
        DeployableVersions = prompt.Versions.Where(v => !v.IsDeprecated).Select(v => v.Number).OrderByDescending(n => n).ToArray();
        if (DeployVersion is null || !DeployableVersions.Contains(DeployVersion.Value))
            DeployVersion = DeployableVersions.Count > 0 ? DeployableVersions[0] : null;
    }

    public LabelRow? Find(string name) => Labels.FirstOrDefault(l => l.Name == name);

    public async Task<bool> DeployAsync(CancellationToken cancellationToken = default)
    {
        if (_prompt is null || DeployVersion is null)
            return false;

        var key = _prompt.Key;
        var revision = _prompt.Revision;
        var label = DeployLabel.Trim();
        var version = DeployVersion.Value;
        if (!CanMove(label))
            return Refuse(label);
        var overrideReason = GateRefusal is null ? null : Blank(OverrideReason);
        GateRefusal = null;
        return await ChangeAsync(
            async () =>
            {
                if (await gate.CheckReleaseAsync(key, version, "deploy", "version", overrideReason, user.Name, cancellationToken) is { } refused)
                    return refused;
                return await registry.DeployAsync(key, label, version, Blank(DeployReason), revision, user.Name, cancellationToken);
            },
            moved => $"{moved.Name} now serves version {moved.VersionNumber}.",
            () =>
            {
                DeployReason = null;
                OverrideReason = null;
            });
    }

    /// <summary>Deploys again what the golden gate refused, with the operator's reason for overriding it (audited).</summary>
    public async Task<bool> OverrideAndDeployAsync(CancellationToken cancellationToken = default)
    {
        if (GateRefusal is null)
            return false;
        if (Blank(OverrideReason) is null)
        {
            Error = new ErrorView(Domain.Common.ErrorKind.Validation, "override-reason-missing", "Say why the golden gate is overridden.",
                [new FieldMessage("overrideReason", "The reason is missing.", null, null)]);
            return false;
        }

        return await DeployAsync(cancellationToken);
    }

    /// <summary>Gives up on the refused deploy.</summary>
    public void DismissRefusal()
    {
        GateRefusal = null;
        OverrideReason = null;
    }

    /// <summary>Moves the label back; on success its row shows the new version at once, before the page reloads.</summary>
    public Task<bool> RollbackAsync(string label, string? reason, CancellationToken cancellationToken = default)
    {
        if (_prompt is null)
            return Task.FromResult(false);

        if (!CanMove(label))
            return Task.FromResult(Refuse(label));

        var key = _prompt.Key;
        var revision = _prompt.Revision;
        return ChangeAsync(
            () => registry.RollbackAsync(key, label, Blank(reason), revision, user.Name, cancellationToken),
            moved => $"{moved.Name} rolled back to version {moved.VersionNumber}.",
            () => { });
    }

    private bool Refuse(string label)
    {
        Error = new ErrorView(Domain.Common.ErrorKind.Forbidden, "forbidden", $"The label '{label}' is protected: only an Admin may deploy to it or roll it back.", []);
        Status = null;
        return false;
    }

    private async Task<bool> ChangeAsync(
        Func<Task<Result<Label>>> change,
        Func<Label, string> describe,
        Action onSuccess)
    {
        Busy = true;
        Error = null;
        Status = null;
        try
        {
            var result = await change();
            if (!result.IsSuccess)
            {
                if (result.Error!.Code == GoldenGateCode)
                    GateRefusal = ErrorView.From(result.Error);
                else
                    Error = ErrorView.From(result.Error);
                return false;
            }

            var moved = LabelRow.From(result.Value);
            Labels = Labels.Where(l => l.Name != moved.Name).Append(moved).OrderBy(l => l.Name, StringComparer.Ordinal).ToArray();
            Status = describe(result.Value);
            onSuccess();
            return true;
        }
        finally
        {
            Busy = false;
        }
    }

    private const string GoldenGateCode = "golden-gate";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
