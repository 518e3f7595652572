using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Templates;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Templates;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model;

/// <summary>
/// The template editor. It remembers which version and revision the text was based on, so a
/// save after someone else's change comes back as a conflict instead of silently replacing
/// their version; whatever happens, the typed text stays until the operator discards it.
/// </summary>
public sealed class EditorViewModel(IPromptRegistry registry, ITemplateRenderer renderer, IModelCatalog catalog, IConsoleUser user)
{
    /// <summary>Same as the domain's, kept here to tell "nothing changed" apart from a concurrent edit.</summary>
    public const string UnchangedCode = "version-unchanged";

    public string Key { get; private set; } = string.Empty;

    public bool Initialized { get; private set; }

    /// <summary>The prompt revision the save is checked against.</summary>
    public int? BaseRevision { get; private set; }

    /// <summary>The version the text started from (null for a prompt without versions).</summary>
    public int? BasedOnVersion { get; private set; }

    public string Template { get; set; } = string.Empty;

    public string? SystemText { get; set; }

    public string Model { get; set; } = string.Empty;

    public double? Temperature { get; set; }

    public int? MaxTokens { get; set; }

    public IEnumerable<string> FallbackModels { get; set; } = [];

    public List<VariableRow> Variables { get; private set; } = [];

    public int? MaxLength { get; set; }

    public string? Regex { get; set; }

    public bool MustBeJson { get; set; }

    public string? Note { get; set; }

    /// <summary>Sample values for the preview, by variable name, as typed.</summary>
    public Dictionary<string, string?> Samples { get; } = new(StringComparer.Ordinal);

    public bool Saving { get; private set; }

    /// <summary>Why the last save was refused (validation, or a conflict that reloading cannot fix).</summary>
    public ErrorView? SaveError { get; private set; }

    /// <summary>Someone else changed the prompt since the text was loaded; reloading keeps the text.</summary>
    public ErrorView? Conflict { get; private set; }

    /// <summary>Non-blocking findings of the last successful save.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public string? Status { get; private set; }

    public RenderedPrompt? Preview { get; private set; }

    public ErrorView? PreviewError { get; private set; }

    /// <summary>The domain's review of the text as typed: errors block saving, warnings do not.</summary>
    public IReadOnlyList<string> LiveErrors { get; private set; } = [];

    public IReadOnlyList<string> LiveWarnings { get; private set; } = [];

    public IReadOnlyList<string> ModelChoices =>
        catalog.Models.Select(m => m.Model).Append(Model).Concat(FallbackModels)
            .Where(m => !string.IsNullOrWhiteSpace(m))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public IReadOnlyList<VariableDeclaration> Declarations => Variables.Select(v => v.ToDeclaration()).ToArray();

    /// <summary>
    /// First call fills the editor from the latest version. Later calls (the page reloads after
    /// every change) keep the text; they only move the base revision forward when the latest
    /// version is still the one the text came from — a label move does not invalidate a draft,
    /// someone else's new version does.
    /// </summary>
    public void Load(Prompt prompt)
    {
        if (!Initialized || !string.Equals(Key, prompt.Key, StringComparison.Ordinal))
        {
            Key = prompt.Key;
            Rebase(prompt);
            FillFrom(prompt.LatestVersion);
            Initialized = true;
        }
        else if (prompt.LatestVersion?.Number == BasedOnVersion)
        {
            BaseRevision = prompt.Revision;
        }

        RefreshPreview();
    }

    public VersionDraft BuildDraft()
    {
        var fallbacks = FallbackModels.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).ToArray();
        var checks = new OutputChecks(MaxLength, string.IsNullOrWhiteSpace(Regex) ? null : Regex, MustBeJson);
        return new VersionDraft(
            Template,
            new ModelSettings(Model.Trim(), Temperature, MaxTokens, fallbacks.Length == 0 ? null : fallbacks),
            Declarations,
            checks.IsEmpty ? null : checks,
            string.IsNullOrEmpty(SystemText) ? null : SystemText,
            string.IsNullOrWhiteSpace(Note) ? null : Note.Trim());
    }

    /// <summary>Saving a version is an Operator's change; a Viewer reads the latest text but gets no save.</summary>
    public bool CanSave => user.CanOperate();

    /// <summary>True when a new version was created.</summary>
    public async Task<bool> SaveAsync(CancellationToken cancellationToken = default)
    {
        if (!CanSave)
        {
            SaveError = user.OperatorRequired();
            return false;
        }

        Saving = true;
        SaveError = null;
        Conflict = null;
        Status = null;
        Warnings = [];
        try
        {
            var result = await registry.AddVersionAsync(Key, BuildDraft(), BaseRevision, user.Name, cancellationToken);
            if (result.IsSuccess)
            {
                var created = result.Value;
                BaseRevision = created.Revision;
                BasedOnVersion = created.Version.Number;
                Warnings = created.Warnings.Select(ErrorView.Describe).ToArray();
                Status = $"Saved as version {created.Version.Number}.";
                Note = null;
                return true;
            }

            var error = result.Error!;
            if (error.Kind == ErrorKind.Conflict && error.Code != UnchangedCode)
                Conflict = ErrorView.From(error);
            else
                SaveError = ErrorView.From(error);
            return false;
        }
        finally
        {
            Saving = false;
        }
    }

    /// <summary>After a conflict: take the prompt's current revision as the new base and keep every typed character.</summary>
    public async Task ReloadKeepingTextAsync(CancellationToken cancellationToken = default)
    {
        var result = await registry.GetAsync(Key, cancellationToken);
        if (!result.IsSuccess)
        {
            SaveError = ErrorView.From(result.Error!);
            return;
        }

        var prompt = result.Value;
        var latest = prompt.LatestVersion;
        Rebase(prompt);
        Conflict = null;
        Status = latest is null
            ? "Reloaded. Your text is kept."
            : $"Reloaded: version {latest.Number} by {latest.Author} is now the latest. Your text is kept; saving creates version {latest.Number + 1}.";
    }

    /// <summary>Throws the typed text away and starts again from the latest version.</summary>
    public async Task DiscardAndLoadLatestAsync(CancellationToken cancellationToken = default)
    {
        var result = await registry.GetAsync(Key, cancellationToken);
        if (!result.IsSuccess)
        {
            SaveError = ErrorView.From(result.Error!);
            return;
        }

        Rebase(result.Value);
        FillFrom(result.Value.LatestVersion);
        Conflict = null;
        SaveError = null;
        Warnings = [];
        Status = result.Value.LatestVersion is { } latest ? $"Loaded version {latest.Number}." : null;
        RefreshPreview();
    }

    /// <summary>Declares every variable the template and system text use but the table lacks, as a required string.</summary>
    public void DeclareUsedVariables()
    {
        var declared = Variables.Select(v => v.Name.Trim()).ToHashSet(StringComparer.Ordinal);
        var used = TemplateScanner.Analyze(Template).References
            .Concat(SystemText is null ? [] : TemplateScanner.Analyze(SystemText).References)
            .Select(r => r.Name)
            .Distinct(StringComparer.Ordinal);
        foreach (var name in used.Where(n => !declared.Contains(n)))
            Variables.Add(new VariableRow { Name = name });
        RefreshPreview();
    }

    public void AddVariable()
    {
        Variables.Add(new VariableRow());
        RefreshPreview();
    }

    public void RemoveVariable(VariableRow row)
    {
        Variables.Remove(row);
        RefreshPreview();
    }

    /// <summary>Reviews the draft as typed and renders it with the sample values.</summary>
    public void RefreshPreview()
    {
        var draft = BuildDraft();
        var review = VersionDraftValidator.Review(draft);
        LiveErrors = review.Errors.Select(ErrorView.Describe).ToArray();
        LiveWarnings = review.Warnings.Select(ErrorView.Describe).ToArray();

        var bound = VariableBinder.Bind(draft.DeclaredVariables, SampleValues.ToVariables(draft.DeclaredVariables, Samples));
        if (!bound.IsSuccess)
        {
            Preview = null;
            PreviewError = ErrorView.From(bound.Error!);
            return;
        }

        try
        {
            var rendered = renderer.RenderDraft(draft, bound.Value.Values);
            Preview = rendered.IsSuccess ? rendered.Value : null;
            PreviewError = rendered.IsSuccess ? null : ErrorView.From(rendered.Error!);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The preview renders half-typed templates on every keystroke; a renderer failure
            // must not end the operator's session and take the typed text with it.
            Preview = null;
            PreviewError = new ErrorView(ErrorKind.Validation, "preview-failed", $"The preview could not be rendered: {ex.Message}", []);
        }
    }

    private void Rebase(Prompt prompt)
    {
        BaseRevision = prompt.Revision;
        BasedOnVersion = prompt.LatestVersion?.Number;
    }

    private void FillFrom(PromptVersion? version)
    {
        Template = version?.Template ?? string.Empty;
        SystemText = version?.SystemText;
        Model = version?.Model.Model ?? catalog.Models.FirstOrDefault()?.Model ?? string.Empty;
        Temperature = version?.Model.Temperature;
        MaxTokens = version?.Model.MaxTokens;
        FallbackModels = version?.Model.Fallbacks.ToArray() ?? [];
        Variables = version?.Variables.Select(VariableRow.From).ToList() ?? [];
        MaxLength = version?.Checks.MaxLength;
        Regex = version?.Checks.Regex;
        MustBeJson = version?.Checks.MustBeJson ?? false;
        Note = null;
        Samples.Clear();
    }
}
