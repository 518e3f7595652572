using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Model.Experiments;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Records what the wizard asks the experiments service to save; answers with the draft's key or <see cref="Answer"/>.</summary>
public sealed class FakeExperimentBackend : IExperimentWizardBackend
{
    public List<(ExperimentDraft Draft, bool StartNow, string Actor)> Calls { get; } = [];

    /// <summary>A refusal to return instead of success.</summary>
    public Error? Answer { get; set; }

    public Task<Result<string>> CreateAsync(ExperimentDraft draft, bool startNow, string actor, CancellationToken cancellationToken = default)
    {
        Calls.Add((draft, startNow, actor));
        return Task.FromResult(Answer is { } error ? Result<string>.Failure(error) : Result<string>.Success(draft.Key!));
    }
}
