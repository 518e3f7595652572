namespace PromptConsole.Domain.Templates;

/// <summary>A root variable the template reads, at the 1-based line and column of its first character.</summary>
public sealed record VariableReference(string Name, int Line, int Column);

public sealed record TemplateSyntaxError(string Message, int Line, int Column);

public sealed record TemplateAnalysis(IReadOnlyList<VariableReference> References, IReadOnlyList<TemplateSyntaxError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public IReadOnlySet<string> VariableNames => References.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
}
