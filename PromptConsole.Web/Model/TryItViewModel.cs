using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model;

/// <summary>Runs the prompt through the real execution pipeline, exactly as an application would.</summary>
public sealed class TryItViewModel(IPromptExecutor executor, IConsoleUser user)
{
    private Prompt? _prompt;

    public string? Label { get; set; }

    public int? Version { get; set; }

    public string? Subject { get; set; }

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public bool Running { get; private set; }

    public ExecutionResult? Result { get; private set; }

    public ErrorView? Error { get; private set; }

    public IReadOnlyList<string> LabelNames => _prompt?.Labels.Select(l => l.Name).ToArray() ?? [];

    public IReadOnlyList<int> VersionNumbers => _prompt?.Versions.Select(v => v.Number).OrderByDescending(n => n).ToArray() ?? [];

    /// <summary>
    /// The version whose variables the form asks for: the pinned version, else the requested (or
    /// production) label's, else the latest. Canaries and experiments may still route elsewhere.
    /// </summary>
    public PromptVersion? RoutedVersion
    {
        get
        {
            if (_prompt is null)
                return null;
            if (Version is { } pinned)
                return _prompt.FindVersion(pinned);
            var label = _prompt.FindLabel(string.IsNullOrWhiteSpace(Label) ? LabelName.Production : Label.Trim());
            return label?.VersionNumber is { } number ? _prompt.FindVersion(number) : _prompt.LatestVersion;
        }
    }

    public void Load(Prompt prompt) => _prompt = prompt;

    public ExecuteCommand BuildCommand()
    {
        var declarations = RoutedVersion?.Variables ?? [];
        return new ExecuteCommand(
            _prompt?.Key ?? string.Empty,
            SampleValues.ToVariables(declarations, Values),
            string.IsNullOrWhiteSpace(Subject) ? null : Subject.Trim(),
            string.IsNullOrWhiteSpace(Label) ? null : Label.Trim(),
            Version,
            ExecutionOrigin.Console);
    }

    /// <summary>A real execution costs provider money and is recorded, so Viewers get no Run button.</summary>
    public bool CanRun => user.CanRunOnProvider();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (_prompt is null)
            return;
        if (!CanRun)
        {
            Error = user.OperatorRequired();
            Result = null;
            return;
        }

        Running = true;
        Error = null;
        Result = null;
        try
        {
            var result = await executor.ExecuteAsync(BuildCommand(), cancellationToken);
            if (result.IsSuccess)
                Result = result.Value;
            else
                Error = ErrorView.From(result.Error!);
        }
        finally
        {
            Running = false;
        }
    }
}
