using System.Globalization;
using System.Text.Json;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Model;

/// <summary>One JSON-field expectation as typed: the expected value is JSON when it parses, else taken as a string.</summary>
public sealed class GoldenJsonFieldRow
{
    public string Path { get; set; } = string.Empty;

    public string? EqualsText { get; set; }

    public bool MustExist { get; set; } = true;
}

/// <summary>
/// The golden-case editor's fields, as typed. Variable values are typed like the "try it" inputs: text for
/// text variables, JSON for JSON-typed ones; phrases are one per line.
/// </summary>
public sealed class GoldenCaseForm
{
    public Guid? Id { get; private set; }

    public string Name { get; set; } = string.Empty;

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public bool OutputChecksPass { get; set; } = true;

    public string? RequiredPhrases { get; set; }

    public string? ForbiddenPhrases { get; set; }

    public bool IgnoreCase { get; set; } = true;

    public List<GoldenJsonFieldRow> JsonFields { get; } = [];

    public int? MaxLatencyMs { get; set; }

    public double? MinAutomatedScore { get; set; }

    public bool IsNew => Id is null;

    public static GoldenCaseForm From(GoldenCase goldenCase)
    {
        var form = new GoldenCaseForm
        {
            Id = goldenCase.Id,
            Name = goldenCase.Name,
            OutputChecksPass = goldenCase.Expectations.OutputChecksPass,
            RequiredPhrases = string.Join('\n', goldenCase.Expectations.Required),
            ForbiddenPhrases = string.Join('\n', goldenCase.Expectations.Forbidden),
            IgnoreCase = goldenCase.Expectations.PhrasesIgnoreCase,
            MaxLatencyMs = goldenCase.Expectations.MaxLatencyMs,
            MinAutomatedScore = goldenCase.Expectations.MinAutomatedScore,
        };
        foreach (var (name, json) in goldenCase.Variables)
            form.Values[name] = Typed(json);
        form.JsonFields.AddRange(goldenCase.Expectations.Fields.Select(f => new GoldenJsonFieldRow { Path = f.Path, EqualsText = f.ExpectedJson, MustExist = f.MustExist }));
        return form;
    }

    /// <summary>The case as the API would receive it; empty inputs are left out so the version's defaults apply.</summary>
    public GoldenCaseDraft ToDraft(IReadOnlyList<VariableDeclaration> declarations)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in Values)
        {
            if (string.IsNullOrEmpty(text))
                continue;
            var type = declarations.FirstOrDefault(d => d.Name == name)?.Type ?? VariableType.String;
            variables[name] = ToJson(type, text);
        }

        return new GoldenCaseDraft(
            Name,
            variables,
            new GoldenExpectationsDraft(
                OutputChecksPass,
                Lines(RequiredPhrases),
                Lines(ForbiddenPhrases),
                IgnoreCase,
                JsonFields.Select(f => new GoldenJsonFieldDraft(f.Path, string.IsNullOrWhiteSpace(f.EqualsText) ? null : JsonOrString(f.EqualsText.Trim()), f.MustExist)).ToArray(),
                MaxLatencyMs,
                MinAutomatedScore));
    }

    /// <summary>JSON-typed and numeric variables are sent as JSON when they parse; everything else as a JSON string.</summary>
    public static string ToJson(VariableType type, string text) =>
        type is VariableType.Json or VariableType.Number or VariableType.Integer or VariableType.Boolean ? JsonOrString(text) : JsonSerializer.Serialize(text);

    private static string JsonOrString(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(text);
        }
    }

    /// <summary>A stored JSON string shows as its text; other JSON values show as written.</summary>
    private static string Typed(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString()! : json;
    }

    private static string?[] Lines(string? text) =>
        (text ?? string.Empty).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray<string?>();

    public static string Describe(GoldenExpectations expectations) =>
        string.Join(", ", new[]
        {
            expectations.Required.Count > 0 ? $"{expectations.Required.Count} required phrase{(expectations.Required.Count == 1 ? "" : "s")}" : null,
            expectations.Forbidden.Count > 0 ? $"{expectations.Forbidden.Count} forbidden" : null,
            expectations.Fields.Count > 0 ? $"{expectations.Fields.Count} JSON field{(expectations.Fields.Count == 1 ? "" : "s")}" : null,
            expectations.MaxLatencyMs is { } ms ? $"≤ {ms.ToString(CultureInfo.InvariantCulture)} ms" : null,
            expectations.MinAutomatedScore is { } score ? $"score ≥ {score.ToString("0.##", CultureInfo.InvariantCulture)}" : null,
            expectations.OutputChecksPass ? "checks pass" : null,
        }.Where(p => p is not null));
}
