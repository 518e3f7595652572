using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Templates;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model;

/// <summary>
/// The "New prompt" form. Variables the first template uses are declared as required strings so
/// the first version is valid as typed; the editor refines their types afterwards.
/// </summary>
public sealed class NewPromptViewModel(IPromptRegistry registry, IModelCatalog catalog, IConsoleUser user)
{
    public string Key { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string Tags { get; set; } = string.Empty;

    public string Template { get; set; } = string.Empty;

    public string Model { get; set; } = catalog.Models.FirstOrDefault()?.Model ?? string.Empty;

    public IReadOnlyList<string> ModelChoices => catalog.Models.Select(m => m.Model).ToArray();

    public ErrorView? Error { get; private set; }

    public bool Saving { get; private set; }

    /// <summary>Variables the first version will declare, in order of first use.</summary>
    public IReadOnlyList<string> InferredVariables =>
        TemplateScanner.Analyze(Template).References.Select(r => r.Name).Distinct(StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<string> ParseTags(string text) =>
        text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public CreatePromptCommand BuildCommand()
    {
        VersionDraft? firstVersion = null;
        if (!string.IsNullOrWhiteSpace(Template))
        {
            var variables = InferredVariables.Select(name => new VariableDeclaration(name, VariableType.String)).ToArray();
            firstVersion = new VersionDraft(Template, new ModelSettings(Model.Trim()), variables, Note: "First version");
        }

        return new CreatePromptCommand(
            Key.Trim(),
            Name.Trim(),
            string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
            ParseTags(Tags),
            firstVersion);
    }

    /// <summary>Viewers read prompts; creating one is an Operator's change.</summary>
    public bool CanCreate => user.CanOperate();

    /// <summary>The created prompt's key, or null when the registry refused it (see <see cref="Error"/>).</summary>
    public async Task<string?> CreateAsync(CancellationToken cancellationToken = default)
    {
        if (!CanCreate)
        {
            Error = user.OperatorRequired();
            return null;
        }

        Saving = true;
        Error = null;
        try
        {
            var result = await registry.CreateAsync(BuildCommand(), user.Name, cancellationToken);
            if (result.IsSuccess)
                return result.Value.Key;
            Error = ErrorView.From(result.Error!);
            return null;
        }
        finally
        {
            Saving = false;
        }
    }
}
