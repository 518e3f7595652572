using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services.GoldenSets;

namespace PromptConsole.Web.Model;

/// <summary>The editor's "Run golden set": the prompt's cases against the text as typed, before it is saved as a version.</summary>
public sealed class DraftGoldenRunViewModel(IGoldenSetService service, IConsoleUser user)
{
    public bool Running { get; private set; }

    public GoldenRun? Run { get; private set; }

    public ErrorView? Error { get; private set; }

    /// <summary>The run calls the provider, so it is an Operator's action.</summary>
    public bool CanRun => user.CanRunOnProvider();

    public async Task RunAsync(string promptKey, VersionDraft draft, CancellationToken cancellationToken = default)
    {
        if (!CanRun)
        {
            Error = user.OperatorRequired();
            Run = null;
            return;
        }

        Running = true;
        Error = null;
        Run = null;
        try
        {
            var run = await service.RunDraftAsync(promptKey, draft, user.Name, cancellationToken);
            if (run.IsSuccess)
                Run = run.Value;
            else
                Error = ErrorView.From(run.Error!);
        }
        finally
        {
            Running = false;
        }
    }
}
