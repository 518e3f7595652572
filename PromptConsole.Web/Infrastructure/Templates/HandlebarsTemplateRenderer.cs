using System.Collections.Concurrent;
using HandlebarsDotNet;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Templates;

/// <summary>
/// Handlebars.Net with HTML escaping off (prompts are not HTML: "&lt;" in a prompt must stay "&lt;").
/// Versions are immutable, so a version's compiled templates are cached by its id for good.
/// </summary>
public sealed class HandlebarsTemplateRenderer : ITemplateRenderer
{
    private static readonly IHandlebars Engine = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
    private readonly ConcurrentDictionary<Guid, CompiledVersion> _compiled = new();

    private sealed record CompiledVersion(HandlebarsTemplate<object, object>? System, HandlebarsTemplate<object, object> User);

    public IReadOnlyList<FieldError> CheckCompiles(VersionDraft draft)
    {
        var errors = new List<FieldError>();
        TryCompile(draft.Template, "template", errors);
        if (!string.IsNullOrEmpty(draft.SystemText))
            TryCompile(draft.SystemText, "systemText", errors);
        return errors;
    }

    public Result<RenderedPrompt> Render(PromptVersion version, IReadOnlyDictionary<string, object?> variables)
    {
        try
        {
            var compiled = _compiled.GetOrAdd(version.Id, static (_, v) => new CompiledVersion(
                v.SystemText is null ? null : Compile(v.SystemText),
                Compile(v.Template)), version);
            return new RenderedPrompt(compiled.System?.Invoke(variables), compiled.User(variables));
        }
        catch (HandlebarsException ex)
        {
            return Error.Validation(
                "template-render-failed",
                $"Version {version.Number} could not be rendered: {ex.Message}",
                [new FieldError("template", ex.Message)]);
        }
    }

    public Result<RenderedPrompt> RenderDraft(VersionDraft draft, IReadOnlyDictionary<string, object?> variables)
    {
        var errors = CheckCompiles(draft);
        if (errors.Count > 0)
            return Error.Validation("template-compile-failed", "The template does not compile.", errors);

        try
        {
            var system = string.IsNullOrEmpty(draft.SystemText) ? null : Compile(draft.SystemText)(variables);
            return new RenderedPrompt(system, Compile(draft.Template)(variables));
        }
        catch (HandlebarsException ex)
        {
            return Error.Validation("template-render-failed", "The template could not be rendered.", [new FieldError("template", ex.Message)]);
        }
    }

    private static HandlebarsTemplate<object, object> Compile(string template) => Engine.Compile(template);

    private static void TryCompile(string template, string field, List<FieldError> errors)
    {
        try
        {
            Engine.Compile(template);
        }
        catch (HandlebarsException ex)
        {
            errors.Add(new FieldError(field, $"The template does not compile: {ex.Message}"));
        }
    }
}
