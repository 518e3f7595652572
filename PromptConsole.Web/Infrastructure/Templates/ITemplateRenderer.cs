using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Templates;

public sealed record RenderedPrompt(string? SystemText, string UserText);

/// <summary>Handlebars rendering with HTML escaping off; compiled templates are cached per version.</summary>
public interface ITemplateRenderer
{
    /// <summary>Compile errors of the draft's template and system text, as field errors (empty when both compile).</summary>
    IReadOnlyList<FieldError> CheckCompiles(VersionDraft draft);

    /// <summary>
    /// Renders a stored version with already-bound variables. Saving refuses what Handlebars can only
    /// reject at render time, so a failure here is a template the checks did not foresee.
    /// </summary>
    Result<RenderedPrompt> Render(PromptVersion version, IReadOnlyDictionary<string, object?> variables);

    /// <summary>Renders an unsaved draft (editor preview); compile failures come back as a validation error.</summary>
    Result<RenderedPrompt> RenderDraft(VersionDraft draft, IReadOnlyDictionary<string, object?> variables);
}
