using PromptConsole.Domain.Execution;

namespace PromptConsole.Tests.Domain;

public sealed class AutomatedScoreTests
{
    [Theory]
    [InlineData(0.0, null, true, "default")]
    [InlineData(1.0, "llm-judge", true, "llm-judge")]
    [InlineData(0.5, "  ragas.faithfulness  ", true, "ragas.faithfulness")]
    [InlineData(0.25, "unit_tests_v2", true, "unit_tests_v2")]
    [InlineData(-0.01, null, false, null)]
    [InlineData(1.01, null, false, null)]
    [InlineData(double.NaN, null, false, null)]
    [InlineData(double.PositiveInfinity, null, false, null)]
    [InlineData(0.5, "LLM Judge", false, null)]
    [InlineData(0.5, "-judge", false, null)]
    [InlineData(0.5, "judge/v2", false, null)]
    public void Values_from_0_to_1_and_evaluator_names_are_accepted_nothing_else(double value, string? evaluator, bool accepted, string? name)
    {
        var score = AutomatedScore.Create(value, evaluator);

        Assert.Equal(accepted, score.IsSuccess);
        if (accepted)
        {
            Assert.Equal(value, score.Value.Value);
            Assert.Equal(name, score.Value.Evaluator);
        }
        else
        {
            Assert.Equal("invalid-score", score.Error!.Code);
        }
    }

    [Fact]
    public void Every_offending_field_is_named()
    {
        var score = AutomatedScore.Create(null, new string('a', AutomatedScore.MaxEvaluatorLength + 1));

        Assert.Equal(["value", "evaluator"], score.Error!.FieldErrors.Select(f => f.Field));
    }

    [Fact]
    public void The_record_keeps_the_latest_grade_apart_from_feedback()
    {
        var at = DomainFixtures.Now;
        var record = new ExecutionRecord(Guid.CreateVersion7(at), at, "greet", 1, "label", "production", null, null);
        record.RecordFeedback(4, at);
        record.RecordAutomatedScore(AutomatedScore.Create(0.2, "judge").Value, at);
        record.RecordAutomatedScore(AutomatedScore.Create(0.9, "judge-v2").Value, at.AddMinutes(1));

        Assert.Equal(4, record.FeedbackScore);
        Assert.Equal(0.9, record.AutomatedScore);
        Assert.Equal("judge-v2", record.AutomatedEvaluator);
        Assert.Equal(at.AddMinutes(1), record.AutomatedScoreAt);
    }
}
