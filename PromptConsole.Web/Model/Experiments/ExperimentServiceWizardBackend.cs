using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Model.Experiments;

/// <summary>The wizard saves through the experiments service: create the draft, then start it when asked.</summary>
public sealed class ExperimentServiceWizardBackend(IExperimentService experiments) : IExperimentWizardBackend
{
    public async Task<Result<string>> CreateAsync(ExperimentDraft draft, bool startNow, string actor, CancellationToken cancellationToken = default)
    {
        var created = await experiments.CreateAsync(draft, actor, cancellationToken);
        if (!created.IsSuccess)
            return created.Error!;
        if (!startNow)
            return created.Value.Key;

        var started = await experiments.StartAsync(created.Value.Key, actor, cancellationToken);
        if (started.IsSuccess)
            return started.Value.Key;

        // The draft is saved either way, and creating it again would be refused as a duplicate key: say so.
        var refusal = started.Error!;
        return refusal with { Message = $"Saved as draft '{created.Value.Key}' but not started: {refusal.Message}" };
    }
}
