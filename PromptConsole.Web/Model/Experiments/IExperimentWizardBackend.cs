using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;

namespace PromptConsole.Web.Model.Experiments;

/// <summary>What the experiment wizard needs from the experiments service: saving the experiment it built.</summary>
public interface IExperimentWizardBackend
{
    /// <summary>
    /// Saves <paramref name="draft"/> and, when <paramref name="startNow"/>, starts it; the experiment's key.
    /// Rejections are the service's own errors (Validation naming the body field, Conflict for a key in use),
    /// so the wizard shows what the management API would answer.
    /// </summary>
    Task<Result<string>> CreateAsync(ExperimentDraft draft, bool startNow, string actor, CancellationToken cancellationToken = default);
}
