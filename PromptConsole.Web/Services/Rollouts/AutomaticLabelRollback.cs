using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// What became of a request to roll a label back automatically: the safeguards' outcome, the label as moved when
/// performed, and the registry's error when the move itself failed (someone moved the label meanwhile).
/// </summary>
public sealed record LabelRollbackOutcome(AutomaticRollbackOutcome Outcome, int FromVersion, int ToVersion, Label? Moved, Error? MoveError);

/// <summary>
/// Rolls a label back to its previous version as <c>system</c> through the automatic-rollback safeguards: the one path
/// for machines (the API's automatic-rollback endpoint, alert actions). NotFound for an unknown prompt or label,
/// Conflict <c>nothing-to-roll-back</c> when the label has no earlier version.
/// </summary>
public sealed class AutomaticLabelRollback(IPromptRegistry registry, IAutomaticRollbacks rollbacks)
{
    public async Task<Result<LabelRollbackOutcome>> RollBackAsync(string promptKey, string label, string trigger, string reason, CancellationToken cancellationToken = default)
    {
        var prompt = await registry.GetAsync(promptKey, cancellationToken);
        if (!prompt.IsSuccess)
            return prompt.Error!;
        var current = prompt.Value.Labels.FirstOrDefault(l => l.Name == label);
        if (current?.VersionNumber is not { } from)
            return Error.NotFound("label-not-found", $"Prompt '{promptKey}' has no label '{label}'.");
        if (current.RollbackTarget is not { } to)
            return Error.Conflict("nothing-to-roll-back", $"Label '{label}' has no earlier version to roll back to.");

        Error? moveError = null;
        Label? moved = null;
        var outcome = await rollbacks.TryRollBackAsync(
            new AutomaticRollbackRequest(promptKey, label, from, to, trigger, reason),
            async token =>
            {
                // The revision read above: if someone moved the label meanwhile, this rollback no longer means what it did.
                var result = await registry.RollbackAsync(promptKey, label, $"automatic ({trigger}): {reason}", prompt.Value.Revision, AutomaticRollbackService.SystemActor, token);
                moveError = result.Error;
                moved = result.IsSuccess ? result.Value : null;
                return result.Error;
            },
            cancellationToken);
        return new LabelRollbackOutcome(outcome, from, to, moved, moveError);
    }
}
