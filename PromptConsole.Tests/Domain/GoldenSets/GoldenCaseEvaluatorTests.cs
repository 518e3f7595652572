using PromptConsole.Domain.GoldenSets;

namespace PromptConsole.Tests.Domain.GoldenSets;

public sealed class GoldenCaseEvaluatorTests
{
    private const string OrderJson = """{"order":{"id":"A-1","total":42,"items":[{"sku":"x1"},{"sku":"x2"}]},"ok":true}""";

    public static TheoryData<string, GoldenExpectations, GoldenObservation, string> Cases => new()
    {
        { "no expectations pass any answer", GoldenExpectations.Default, Answer("anything"), "" },
        { "no answer fails on execution", GoldenExpectations.Default, new GoldenObservation(null, 5, [], Error: "provider failed"), "execution" },
        { "failed output checks fail when required", GoldenExpectations.Default, Answer("x", checks: ["too long"]), "outputChecksPass" },
        { "failed output checks are ignored when not required", new GoldenExpectations(OutputChecksPass: false), Answer("x", checks: ["too long"]), "" },
        { "required phrase present passes", new GoldenExpectations(RequiredPhrases: ["hello"]), Answer("Hello Ada"), "" },
        { "required phrase is case sensitive when asked", new GoldenExpectations(RequiredPhrases: ["hello"], PhrasesIgnoreCase: false), Answer("Hello Ada"), "requiredPhrases[0]" },
        { "missing required phrase fails with its index", new GoldenExpectations(RequiredPhrases: ["Ada", "bonjour"]), Answer("Hello Ada"), "requiredPhrases[1]" },
        { "forbidden phrase present fails", new GoldenExpectations(ForbiddenPhrases: ["sorry"]), Answer("SORRY, I cannot"), "forbiddenPhrases[0]" },
        { "forbidden phrase absent passes", new GoldenExpectations(ForbiddenPhrases: ["sorry"]), Answer("Sure"), "" },
        { "json field equal passes", Json(new GoldenJsonField("order.id", "\"A-1\"")), Answer(OrderJson), "" },
        { "json number equal passes", Json(new GoldenJsonField("order.total", "42")), Answer(OrderJson), "" },
        { "json number is not a string", Json(new GoldenJsonField("order.total", "\"42\"")), Answer(OrderJson), "jsonFields[0]" },
        { "array index in a path", Json(new GoldenJsonField("order.items.1.sku", "\"x2\"")), Answer(OrderJson), "" },
        { "array index out of range is missing", Json(new GoldenJsonField("order.items.5.sku")), Answer(OrderJson), "jsonFields[0]" },
        { "json field exists passes", Json(new GoldenJsonField("ok")), Answer(OrderJson), "" },
        { "json field that must be absent but is present", Json(new GoldenJsonField("ok", MustExist: false)), Answer(OrderJson), "jsonFields[0]" },
        { "json field that must be absent and is", Json(new GoldenJsonField("error", MustExist: false)), Answer(OrderJson), "" },
        { "json field with a different value", Json(new GoldenJsonField("ok", "false")), Answer(OrderJson), "jsonFields[0]" },
        { "prose cannot satisfy json fields", Json(new GoldenJsonField("ok")), Answer("not json"), "jsonFields" },
        { "latency under the limit passes", new GoldenExpectations(MaxLatencyMs: 100), Answer("x", latency: 99.5), "" },
        { "latency over the limit fails", new GoldenExpectations(MaxLatencyMs: 100), Answer("x", latency: 100.5), "maxLatencyMs" },
        { "score at the minimum passes", new GoldenExpectations(MinAutomatedScore: 0.8), Answer("x", score: 0.8), "" },
        { "score under the minimum fails", new GoldenExpectations(MinAutomatedScore: 0.8), Answer("x", score: 0.79), "minAutomatedScore" },
        { "no score fails a minimum", new GoldenExpectations(MinAutomatedScore: 0.8), Answer("x"), "minAutomatedScore" },
        {
            "every failed expectation is listed in order",
            new GoldenExpectations(RequiredPhrases: ["bonjour"], ForbiddenPhrases: ["simulated"], MaxLatencyMs: 1),
            Answer("[simulated] answer", latency: 3, checks: ["regex"]),
            "outputChecksPass,requiredPhrases[0],forbiddenPhrases[0],maxLatencyMs"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lists_every_failed_expectation(string rule, GoldenExpectations expectations, GoldenObservation observed, string expected)
    {
        var verdict = GoldenCaseEvaluator.Evaluate(expectations, observed);

        var found = string.Join(",", verdict.Failures.Select(f => f.Expectation));
        Assert.True(expected == found, $"{rule}: expected [{expected}], found [{found}]");
        Assert.Equal(expected.Length == 0, verdict.Passed);
    }

    [Fact]
    public void Failure_messages_say_what_was_observed()
    {
        var verdict = GoldenCaseEvaluator.Evaluate(
            new GoldenExpectations(RequiredPhrases: ["bonjour"], JsonFields: [new GoldenJsonField("order.total", "41")], MaxLatencyMs: 10),
            Answer(OrderJson, latency: 12.4));

        Assert.Equal(
            [
                "The output does not contain 'bonjour'.",
                "'order.total' is 42; it should equal 41.",
                "The execution took 12 ms; the limit is 10 ms.",
            ],
            verdict.Failures.Select(f => f.Message));
    }

    private static GoldenExpectations Json(params GoldenJsonField[] fields) => new(JsonFields: fields);

    private static GoldenObservation Answer(string output, double latency = 10, string[]? checks = null, double? score = null) =>
        new(output, latency, checks ?? [], score);
}
