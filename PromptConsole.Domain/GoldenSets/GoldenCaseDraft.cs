namespace PromptConsole.Domain.GoldenSets;

/// <summary>A JSON-field expectation as submitted; every member may be missing.</summary>
public sealed record GoldenJsonFieldDraft(string? Path, string? ExpectedJson, bool? MustExist);

/// <summary>Expectations as submitted; validated by <see cref="GoldenCaseValidator"/>.</summary>
public sealed record GoldenExpectationsDraft(
    bool? OutputChecksPass = null,
    IReadOnlyList<string?>? RequiredPhrases = null,
    IReadOnlyList<string?>? ForbiddenPhrases = null,
    bool? PhrasesIgnoreCase = null,
    IReadOnlyList<GoldenJsonFieldDraft?>? JsonFields = null,
    int? MaxLatencyMs = null,
    double? MinAutomatedScore = null);

/// <summary>A golden case as an operator or a script submits it; variable values are JSON text.</summary>
public sealed record GoldenCaseDraft(string? Name, IReadOnlyDictionary<string, string>? Variables, GoldenExpectationsDraft? Expectations);

/// <summary>A validated case, ready to store.</summary>
public sealed record GoldenCaseDefinition(string Name, IReadOnlyDictionary<string, string> Variables, GoldenExpectations Expectations);
