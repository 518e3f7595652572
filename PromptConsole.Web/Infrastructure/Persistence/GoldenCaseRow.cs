using PromptConsole.Domain.GoldenSets;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>A golden case as one row of <c>GoldenCases</c>; variables and expectations are JSON text columns.</summary>
public sealed class GoldenCaseRow
{
    private GoldenCaseRow()
    {
        PromptKey = Name = UpdatedBy = string.Empty;
        Variables = new Dictionary<string, string>();
        Expectations = GoldenExpectations.Default;
    }

    public Guid Id { get; private set; }

    public string PromptKey { get; private set; }

    public string Name { get; private set; }

    public IReadOnlyDictionary<string, string> Variables { get; private set; }

    public GoldenExpectations Expectations { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; }

    public static GoldenCaseRow New(string promptKey, GoldenCaseDefinition definition, string actor, DateTimeOffset now)
    {
        var row = new GoldenCaseRow { Id = Guid.CreateVersion7(now), PromptKey = promptKey, CreatedAt = now };
        row.Apply(definition, actor, now);
        return row;
    }

    public void Apply(GoldenCaseDefinition definition, string actor, DateTimeOffset now)
    {
        Name = definition.Name;
        Variables = definition.Variables;
        Expectations = definition.Expectations;
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    public GoldenCase ToCase() => new(Id, PromptKey, Name, Variables, Expectations, CreatedAt, UpdatedAt, UpdatedBy);
}
