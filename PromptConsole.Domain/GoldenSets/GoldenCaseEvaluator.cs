using System.Globalization;
using System.Text.Json;

namespace PromptConsole.Domain.GoldenSets;

/// <summary>
/// What running one case produced. <paramref name="Error"/> is set when the pipeline gave no answer
/// (bad variables, provider failure); <paramref name="CheckFailures"/> are the version's own output
/// checks the answer failed, as messages.
/// </summary>
public sealed record GoldenObservation(
    string? Output,
    double LatencyMs,
    IReadOnlyList<string> CheckFailures,
    double? AutomatedScore = null,
    string? Error = null);

/// <summary>One expectation the answer did not meet: which (as the case spells it) and why.</summary>
public sealed record GoldenFailure(string Expectation, string Message);

public sealed record GoldenCaseVerdict(bool Passed, IReadOnlyList<GoldenFailure> Failures)
{
    public static GoldenCaseVerdict Of(IReadOnlyList<GoldenFailure> failures) => new(failures.Count == 0, failures);
}

/// <summary>Judges one observed answer against a case's expectations; lists every expectation it fails.</summary>
public static class GoldenCaseEvaluator
{
    public static GoldenCaseVerdict Evaluate(GoldenExpectations expectations, GoldenObservation observed)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        ArgumentNullException.ThrowIfNull(observed);

        // Without an answer there is nothing to judge: the run failed before any expectation applies.
        if (observed.Error is { } error || observed.Output is null)
            return GoldenCaseVerdict.Of([new GoldenFailure("execution", observed.Error ?? "The pipeline gave no answer.")]);

        var output = observed.Output;
        var failures = new List<GoldenFailure>();
        if (expectations.OutputChecksPass && observed.CheckFailures.Count > 0)
            failures.Add(new GoldenFailure("outputChecksPass", $"The version's output checks failed: {string.Join(" ", observed.CheckFailures)}"));

        var comparison = expectations.PhrasesIgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (var i = 0; i < expectations.Required.Count; i++)
        {
            if (!output.Contains(expectations.Required[i], comparison))
                failures.Add(new GoldenFailure($"requiredPhrases[{i}]", $"The output does not contain '{expectations.Required[i]}'."));
        }

        for (var i = 0; i < expectations.Forbidden.Count; i++)
        {
            if (output.Contains(expectations.Forbidden[i], comparison))
                failures.Add(new GoldenFailure($"forbiddenPhrases[{i}]", $"The output contains the forbidden phrase '{expectations.Forbidden[i]}'."));
        }

        if (expectations.Fields.Count > 0)
            EvaluateJson(expectations.Fields, output, failures);

        if (expectations.MaxLatencyMs is { } maxLatency && observed.LatencyMs > maxLatency)
            failures.Add(new GoldenFailure("maxLatencyMs", $"The execution took {Ms(observed.LatencyMs)} ms; the limit is {maxLatency} ms."));

        if (expectations.MinAutomatedScore is { } minScore)
        {
            if (observed.AutomatedScore is not { } score)
                failures.Add(new GoldenFailure("minAutomatedScore", $"No automated score was given; at least {Score(minScore)} is expected."));
            else if (score < minScore)
                failures.Add(new GoldenFailure("minAutomatedScore", $"The automated score is {Score(score)}; at least {Score(minScore)} is expected."));
        }

        return GoldenCaseVerdict.Of(failures);
    }

    private static void EvaluateJson(IReadOnlyList<GoldenJsonField> fields, string output, List<GoldenFailure> failures)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(output);
        }
        catch (JsonException)
        {
            failures.Add(new GoldenFailure("jsonFields", "The output is not JSON, so its fields cannot be checked."));
            return;
        }

        using (document)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                var found = Find(document.RootElement, field.Path);
                var expectation = $"jsonFields[{i}]";
                if (field.ExpectedJson is { } expectedJson)
                {
                    using var expected = JsonDocument.Parse(expectedJson);
                    if (found is not { } value)
                        failures.Add(new GoldenFailure(expectation, $"'{field.Path}' is missing; it should equal {expectedJson}."));
                    else if (!JsonElement.DeepEquals(value, expected.RootElement))
                        failures.Add(new GoldenFailure(expectation, $"'{field.Path}' is {Excerpt(value.GetRawText())}; it should equal {expectedJson}."));
                }
                else if (field.MustExist && found is null)
                {
                    failures.Add(new GoldenFailure(expectation, $"'{field.Path}' is missing."));
                }
                else if (!field.MustExist && found is not null)
                {
                    failures.Add(new GoldenFailure(expectation, $"'{field.Path}' is present; it should be absent."));
                }
            }
        }
    }

    /// <summary>Follows a dotted path: names select object members, numbers select array items.</summary>
    public static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var member))
                current = member;
            else if (current.ValueKind == JsonValueKind.Array
                     && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                     && index < current.GetArrayLength())
                current = current[index];
            else
                return null;
        }

        return current;
    }

    private static string Excerpt(string json) => json.Length <= 80 ? json : json[..77] + "...";

    private static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture);

    private static string Score(double score) => score.ToString("0.###", CultureInfo.InvariantCulture);
}
