using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Tests.Domain;

public sealed class OutputCheckEvaluatorTests
{
    /// <summary>Expected failures are the failed check names, comma separated, in evaluation order.</summary>
    [Theory]
    [InlineData("no checks pass anything", null, null, false, "", "")]
    [InlineData("no checks pass long text", null, null, false, "anything at all, however long", "")]
    [InlineData("output at the max length passes", 5, null, false, "hello", "")]
    [InlineData("output over the max length fails", 5, null, false, "hello!", "maxLength")]
    [InlineData("matching regex passes", null, "^\\d+$", false, "123", "")]
    [InlineData("regex may match part of the output", null, "world", false, "hello world", "")]
    [InlineData("non-matching regex fails", null, "^\\d+$", false, "12a", "regex")]
    [InlineData("json object passes", null, null, true, "{\"a\": 1}", "")]
    [InlineData("json array passes", null, null, true, "[1, 2]", "")]
    [InlineData("json scalar passes", null, null, true, "42", "")]
    [InlineData("prose fails json", null, null, true, "Sure! Here it is.", "json")]
    [InlineData("truncated json fails", null, null, true, "{\"a\":", "json")]
    [InlineData("empty output fails json", null, null, true, "", "json")]
    [InlineData("two failures at once", 3, null, true, "not json", "maxLength,json")]
    [InlineData("three failures at once in a stable order", 3, "^\\{", true, "hello", "maxLength,regex,json")]
    [InlineData("all checks pass together", 20, "^\\{", true, "{\"ok\": true}", "")]
    public void Reports_every_failed_check(string rule, int? maxLength, string? regex, bool mustBeJson, string output, string expected)
    {
        var failures = OutputCheckEvaluator.Evaluate(new OutputChecks(maxLength, regex, mustBeJson), output);

        var found = string.Join(",", failures.Select(f => f.Check));
        Assert.True(expected == found, $"{rule}: expected [{expected}], found [{found}]");
    }

    [Fact]
    public void Failure_messages_say_what_was_wrong()
    {
        var failures = OutputCheckEvaluator.Evaluate(new OutputChecks(MaxLength: 3, Regex: "^ok$"), "nope!");

        Assert.Equal(
            ["The output has 5 characters; the limit is 3.", "The output does not match the pattern '^ok$'."],
            failures.Select(f => f.Message));
    }
}
