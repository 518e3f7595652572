using PromptConsole.Domain.GoldenSets;

namespace PromptConsole.Tests.Domain.GoldenSets;

public sealed class GoldenCaseValidatorTests
{
    private static readonly IReadOnlyDictionary<string, string> NameAda = new Dictionary<string, string> { ["name"] = "\"Ada\"" };

    public static TheoryData<string, GoldenCaseDraft, string> Cases => new()
    {
        { "a named case with variables is valid", new GoldenCaseDraft("greets Ada", NameAda, null), "" },
        { "a missing name", new GoldenCaseDraft(" ", NameAda, null), "name" },
        { "a name too long", new GoldenCaseDraft(new string('n', 101), NameAda, null), "name" },
        { "a variable name that is not one", new GoldenCaseDraft("c", new Dictionary<string, string> { ["1x"] = "1" }, null), "variables.1x" },
        { "a variable value that is not JSON", new GoldenCaseDraft("c", new Dictionary<string, string> { ["name"] = "Ada" }, null), "variables.name" },
        { "an empty required phrase", Expect(new GoldenExpectationsDraft(RequiredPhrases: ["ok", " "])), "expectations.requiredPhrases[1]" },
        { "an empty forbidden phrase", Expect(new GoldenExpectationsDraft(ForbiddenPhrases: [null])), "expectations.forbiddenPhrases[0]" },
        { "a json field without a path", Expect(new GoldenExpectationsDraft(JsonFields: [new GoldenJsonFieldDraft(null, null, null)])), "expectations.jsonFields[0].path" },
        { "a json path with an empty segment", Expect(new GoldenExpectationsDraft(JsonFields: [new GoldenJsonFieldDraft("a..b", null, null)])), "expectations.jsonFields[0].path" },
        { "a json expected value that is not JSON", Expect(new GoldenExpectationsDraft(JsonFields: [new GoldenJsonFieldDraft("a", "yes", null)])), "expectations.jsonFields[0].equals" },
        { "a value expected of a field that must be absent", Expect(new GoldenExpectationsDraft(JsonFields: [new GoldenJsonFieldDraft("a", "1", false)])), "expectations.jsonFields[0].exists" },
        { "a missing json field entry", Expect(new GoldenExpectationsDraft(JsonFields: [null])), "expectations.jsonFields[0]" },
        { "a zero latency limit", Expect(new GoldenExpectationsDraft(MaxLatencyMs: 0)), "expectations.maxLatencyMs" },
        { "a score above one", Expect(new GoldenExpectationsDraft(MinAutomatedScore: 1.5)), "expectations.minAutomatedScore" },
        { "a score that is not a number", Expect(new GoldenExpectationsDraft(MinAutomatedScore: double.NaN)), "expectations.minAutomatedScore" },
        {
            "every expectation at once is valid",
            Expect(new GoldenExpectationsDraft(false, ["a"], ["b"], false, [new GoldenJsonFieldDraft("x.0", "true", null), new GoldenJsonFieldDraft("y", null, false)], 2000, 0.5)),
            ""
        },
        { "several errors are all named", new GoldenCaseDraft("", null, new GoldenExpectationsDraft(MaxLatencyMs: -1)), "name,expectations.maxLatencyMs" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_every_offending_field(string rule, GoldenCaseDraft draft, string expected)
    {
        var result = GoldenCaseValidator.Validate(draft);

        var found = result.IsSuccess ? "" : string.Join(",", result.Error!.FieldErrors.Select(f => f.Field));
        Assert.True(expected == found, $"{rule}: expected [{expected}], found [{found}]");
    }

    [Fact]
    public void A_valid_case_is_trimmed_and_defaults_apply()
    {
        var result = GoldenCaseValidator.Validate(new GoldenCaseDraft("  greets Ada ", NameAda, new GoldenExpectationsDraft(JsonFields: [new GoldenJsonFieldDraft(" order.id ", null, null)])));

        Assert.True(result.IsSuccess);
        Assert.Equal("greets Ada", result.Value.Name);
        Assert.True(result.Value.Expectations.OutputChecksPass);
        Assert.True(result.Value.Expectations.PhrasesIgnoreCase);
        Assert.Equal(new GoldenJsonField("order.id", null, true), result.Value.Expectations.Fields.Single());
    }

    private static GoldenCaseDraft Expect(GoldenExpectationsDraft expectations) => new("case", NameAda, expectations);
}
