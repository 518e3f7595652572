using System.Globalization;
using PromptConsole.Domain.Execution;
using static PromptConsole.Tests.Domain.DomainFixtures;

namespace PromptConsole.Tests.Domain;

public sealed class ExecutionCostAndFeedbackTests
{
    [Theory]
    [InlineData("a thousand tokens each way", "0.0025", "0.01", 1000, 1000, "0.0125")]
    [InlineData("uneven token counts", "0.003", "0.015", 1234, 567, "0.012207")]
    [InlineData("one token each at small prices keeps eight decimals", "0.00015", "0.0006", 1, 1, "0.00000075")]
    [InlineData("half of the eighth decimal rounds away from zero", "0.000005", "0", 1, 0, "0.00000001")]
    [InlineData("less than half of the eighth decimal rounds down", "0.000004", "0", 1, 0, "0")]
    [InlineData("more than half of the eighth decimal rounds up", "0.0000075", "0", 1, 0, "0.00000001")]
    [InlineData("free model", "0", "0", 5000, 5000, "0")]
    [InlineData("no tokens", "0.01", "0.03", 0, 0, "0")]
    public void Cost_is_per_thousand_tokens_rounded_to_eight_decimals(string rule, string inputPer1K, string outputPer1K, int inputTokens, int outputTokens, string expected)
    {
        var price = new ModelPrice("m", "p", Dec(inputPer1K), Dec(outputPer1K));

        var cost = price.Cost(inputTokens, outputTokens);

        Assert.True(Dec(expected) == cost, $"{rule}: expected {expected}, got {cost}");
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void Feedback_scores_run_from_one_to_five(int score, bool valid)
    {
        var record = NewRecord();

        Assert.Equal(valid, ExecutionRecord.IsValidFeedbackScore(score));
        if (valid)
        {
            record.RecordFeedback(score, Now);
            Assert.Equal(score, record.FeedbackScore);
            Assert.Equal(Now, record.FeedbackAt);
        }
        else
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => record.RecordFeedback(score, Now));
            Assert.Null(record.FeedbackScore);
            Assert.Null(record.FeedbackAt);
        }
    }

    private static ExecutionRecord NewRecord() => new(Guid.CreateVersion7(Now), Now, "summarize", 1, "Label", "production", null, "user-1");

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
