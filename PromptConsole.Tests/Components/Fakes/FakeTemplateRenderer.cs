using System.Text.RegularExpressions;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Templates;
using PromptConsole.Web.Infrastructure.Templates;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Replaces <c>{{name}}</c> with its value; enough to see what the editor hands the renderer.</summary>
public sealed partial class FakeTemplateRenderer : ITemplateRenderer
{
    public IReadOnlyDictionary<string, object?>? LastVariables { get; private set; }

    public IReadOnlyList<FieldError> CheckCompiles(VersionDraft draft) =>
        TemplateScanner.Analyze(draft.Template).Errors.Select(e => new FieldError("template", e.Message, e.Line, e.Column)).ToArray();

    public Result<RenderedPrompt> Render(PromptVersion version, IReadOnlyDictionary<string, object?> variables) =>
        new RenderedPrompt(version.SystemText is null ? null : Substitute(version.SystemText, variables), Substitute(version.Template, variables));

    public Result<RenderedPrompt> RenderDraft(VersionDraft draft, IReadOnlyDictionary<string, object?> variables)
    {
        LastVariables = variables;
        var errors = CheckCompiles(draft);
        if (errors.Count > 0)
            return Error.Validation("template-compile", "The template does not compile.", errors);
        return new RenderedPrompt(draft.SystemText is null ? null : Substitute(draft.SystemText, variables), Substitute(draft.Template, variables));
    }

    private static string Substitute(string template, IReadOnlyDictionary<string, object?> variables) =>
        Placeholder().Replace(template, m => variables.TryGetValue(m.Groups[1].Value, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : string.Empty);

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
