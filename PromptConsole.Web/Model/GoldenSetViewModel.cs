using PromptConsole.Domain.GoldenSets;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services.GoldenSets;

namespace PromptConsole.Web.Model;

/// <summary>The prompt page's golden-set tab: the cases and their editor, runs against a version, results, and the release policy.</summary>
public sealed class GoldenSetViewModel(IGoldenSetService service, IConsoleUser user)
{
    private Prompt? _prompt;

    public string Key => _prompt?.Key ?? string.Empty;

    public IReadOnlyList<GoldenCase> Cases { get; private set; } = [];

    public IReadOnlyList<GoldenRun> Runs { get; private set; } = [];

    /// <summary>The run whose per-case results are shown (the last one started here, or one picked from the list).</summary>
    public GoldenRun? ShownRun { get; private set; }

    public bool RequireGoldenPass { get; private set; }

    /// <summary>The case being edited (new or existing); null when the editor is closed.</summary>
    public GoldenCaseForm? Editing { get; private set; }

    public int? RunVersion { get; set; }

    public IReadOnlyList<int> VersionNumbers => _prompt?.Versions.Select(v => v.Number).OrderByDescending(n => n).ToArray() ?? [];

    /// <summary>The variables the editor asks for: the latest version's declarations.</summary>
    public IReadOnlyList<VariableDeclaration> Declarations => _prompt?.LatestVersion?.Variables ?? [];

    public bool Busy { get; private set; }

    public ErrorView? Error { get; private set; }

    public ErrorView? CaseError { get; private set; }

    public string? Status { get; private set; }

    public async Task LoadAsync(Prompt prompt, CancellationToken cancellationToken = default)
    {
        var samePrompt = _prompt?.Key == prompt.Key;
        _prompt = prompt;
        if (!samePrompt || RunVersion is null || !VersionNumbers.Contains(RunVersion.Value))
            RunVersion = prompt.LatestVersion?.Number;
        await RefreshAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (_prompt is null)
            return;
        var cases = await service.ListCasesAsync(Key, cancellationToken);
        var runs = await service.ListRunsAsync(Key, null, cancellationToken);
        var policy = await service.GetRequireGoldenPassAsync(Key, cancellationToken);
        Error = cases.Error is { } e1 ? ErrorView.From(e1) : runs.Error is { } e2 ? ErrorView.From(e2) : policy.Error is { } e3 ? ErrorView.From(e3) : null;
        Cases = cases.IsSuccess ? cases.Value : [];
        Runs = runs.IsSuccess ? runs.Value : [];
        RequireGoldenPass = policy.IsSuccess && policy.Value;
    }

    public void NewCase()
    {
        CaseError = null;
        Editing = new GoldenCaseForm();
        foreach (var declaration in Declarations)
            Editing.Values[declaration.Name] = null;
    }

    public void Edit(GoldenCase goldenCase)
    {
        CaseError = null;
        Editing = GoldenCaseForm.From(goldenCase);
        foreach (var declaration in Declarations)
            Editing.Values.TryAdd(declaration.Name, null);
    }

    public void CancelEdit()
    {
        Editing = null;
        CaseError = null;
    }

    /// <summary>Cases and the deploy policy are an Operator's to change.</summary>
    public bool CanEdit => user.CanOperate();

    /// <summary>A golden run calls the provider (it costs money), so Viewers see past runs but start none.</summary>
    public bool CanRun => user.CanRunOnProvider();

    public async Task<bool> SaveCaseAsync(CancellationToken cancellationToken = default)
    {
        if (Editing is not { } form)
            return false;
        if (!CanEdit)
        {
            CaseError = user.OperatorRequired();
            return false;
        }

        Busy = true;
        CaseError = null;
        try
        {
            var draft = form.ToDraft(Declarations);
            var saved = form.Id is { } id
                ? await service.UpdateCaseAsync(Key, id, draft, user.Name, cancellationToken)
                : await service.CreateCaseAsync(Key, draft, user.Name, cancellationToken);
            if (!saved.IsSuccess)
            {
                CaseError = ErrorView.From(saved.Error!);
                return false;
            }

            Status = form.IsNew ? $"Added the case '{saved.Value.Name}'." : $"Saved the case '{saved.Value.Name}'.";
            Editing = null;
            await RefreshAsync(cancellationToken);
            return true;
        }
        finally
        {
            Busy = false;
        }
    }

    public async Task DeleteCaseAsync(GoldenCase goldenCase, CancellationToken cancellationToken = default)
    {
        if (!CanEdit)
        {
            Error = user.OperatorRequired();
            return;
        }

        var deleted = await service.DeleteCaseAsync(Key, goldenCase.Id, user.Name, cancellationToken);
        Error = deleted.IsSuccess ? null : ErrorView.From(deleted.Error!);
        Status = deleted.IsSuccess ? $"Removed the case '{goldenCase.Name}'." : null;
        if (Editing?.Id == goldenCase.Id)
            Editing = null;
        await RefreshAsync(cancellationToken);
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (RunVersion is not { } version)
            return;
        if (!CanRun)
        {
            Error = user.OperatorRequired();
            return;
        }

        Busy = true;
        Error = null;
        Status = null;
        try
        {
            var run = await service.RunVersionAsync(Key, version, user.Name, cancellationToken);
            if (!run.IsSuccess)
            {
                Error = ErrorView.From(run.Error!);
                return;
            }

            // The results panel opens with the summary; no separate status line repeats it.
            ShownRun = run.Value;
            await RefreshAsync(cancellationToken);
        }
        finally
        {
            Busy = false;
        }
    }

    public async Task ShowRunAsync(GoldenRun run, CancellationToken cancellationToken = default)
    {
        var loaded = await service.GetRunAsync(Key, run.Id, cancellationToken);
        Error = loaded.IsSuccess ? null : ErrorView.From(loaded.Error!);
        ShownRun = loaded.IsSuccess ? loaded.Value : ShownRun;
    }

    public async Task SetRequireGoldenPassAsync(bool require, CancellationToken cancellationToken = default)
    {
        if (!CanEdit)
        {
            Error = user.OperatorRequired();
            return;
        }

        var set = await service.SetRequireGoldenPassAsync(Key, require, user.Name, cancellationToken);
        Error = set.IsSuccess ? null : ErrorView.From(set.Error!);
        if (set.IsSuccess)
            RequireGoldenPass = set.Value;
    }

    /// <summary>"v2: all 3 cases passed." / "Draft: 1 of 3 cases failed."</summary>
    public static string Summary(GoldenRun run)
    {
        var what = run.Version is { } version ? $"v{version}" : "Draft";
        return run.Passed
            ? $"{what}: all {run.CaseCount} case{(run.CaseCount == 1 ? "" : "s")} passed."
            : $"{what}: {run.FailedCount} of {run.CaseCount} case{(run.CaseCount == 1 ? "" : "s")} failed.";
    }
}
