namespace PromptConsole.Domain.GoldenSets;

/// <summary>
/// A reference case of a prompt's golden set: the variables to run the prompt with (each value as JSON
/// text, exactly as a caller of the execution API would send it) and what the answer must satisfy.
/// </summary>
public sealed record GoldenCase(
    Guid Id,
    string PromptKey,
    string Name,
    IReadOnlyDictionary<string, string> Variables,
    GoldenExpectations Expectations,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);
