namespace PromptConsole.Domain.Prompts;

/// <summary>One immutable revision of a prompt. Editing creates a new version; only deprecation is recorded later.</summary>
public sealed class PromptVersion
{
    private PromptVersion()
    {
        Template = ContentHash = Author = string.Empty;
        Model = new ModelSettings(string.Empty);
        Variables = [];
        Checks = OutputChecks.None;
    }

    internal PromptVersion(Guid promptId, int number, VersionDraft draft, string author, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7(createdAt);
        PromptId = promptId;
        Number = number;
        Template = draft.Template;
        SystemText = string.IsNullOrEmpty(draft.SystemText) ? null : draft.SystemText;
        Model = draft.Model;
        Variables = draft.DeclaredVariables.ToArray();
        Checks = draft.EffectiveChecks;
        Note = string.IsNullOrWhiteSpace(draft.Note) ? null : draft.Note.Trim();
        ContentHash = Prompts.ContentHash.Compute(draft);
        Author = author;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid PromptId { get; private set; }

    public int Number { get; private set; }

    public string Template { get; private set; }

    public string? SystemText { get; private set; }

    public ModelSettings Model { get; private set; }

    public IReadOnlyList<VariableDeclaration> Variables { get; private set; }

    public OutputChecks Checks { get; private set; }

    public string ContentHash { get; private set; }

    public string Author { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset? DeprecatedAt { get; private set; }

    public bool IsDeprecated => DeprecatedAt is not null;

    internal void MarkDeprecated(DateTimeOffset at) => DeprecatedAt = at;

    public VersionDraft ToDraft() => new(Template, Model, Variables, Checks, SystemText, Note);
}
