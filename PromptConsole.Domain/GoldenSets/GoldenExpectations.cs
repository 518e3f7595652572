namespace PromptConsole.Domain.GoldenSets;

/// <summary>
/// One expectation on a field of a JSON output, addressed by a simple dotted path (<c>order.items.0.sku</c>:
/// object keys, and array indexes as numbers). With <paramref name="ExpectedJson"/> the value there must equal
/// it (both are compared as JSON, so <c>"42"</c> and <c>42</c> differ); without it, <paramref name="MustExist"/>
/// says whether the path must be present or absent.
/// </summary>
public sealed record GoldenJsonField(string Path, string? ExpectedJson = null, bool MustExist = true);

/// <summary>
/// What a golden case expects of the version's answer. Every expectation that is set must hold for the case
/// to pass; an empty set only asks that the pipeline answers.
/// </summary>
/// <param name="OutputChecksPass">The version's own output checks (max length, regex, JSON) must pass.</param>
/// <param name="RequiredPhrases">Each must appear in the output.</param>
/// <param name="ForbiddenPhrases">None may appear in the output.</param>
/// <param name="PhrasesIgnoreCase">Phrases match regardless of case (the default).</param>
/// <param name="JsonFields">The output must be JSON and satisfy each field expectation.</param>
/// <param name="MaxLatencyMs">The execution, end to end, may take at most this long.</param>
/// <param name="MinAutomatedScore">An automated grade (0..1) of at least this; a case without a grade fails it.</param>
public sealed record GoldenExpectations(
    bool OutputChecksPass = true,
    IReadOnlyList<string>? RequiredPhrases = null,
    IReadOnlyList<string>? ForbiddenPhrases = null,
    bool PhrasesIgnoreCase = true,
    IReadOnlyList<GoldenJsonField>? JsonFields = null,
    int? MaxLatencyMs = null,
    double? MinAutomatedScore = null)
{
    public static readonly GoldenExpectations Default = new();

    public IReadOnlyList<string> Required => RequiredPhrases ?? [];

    public IReadOnlyList<string> Forbidden => ForbiddenPhrases ?? [];

    public IReadOnlyList<GoldenJsonField> Fields => JsonFields ?? [];
}
