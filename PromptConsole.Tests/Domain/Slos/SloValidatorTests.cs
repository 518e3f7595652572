using PromptConsole.Domain.Slos;

namespace PromptConsole.Tests.Domain.Slos;

public sealed class SloValidatorTests
{
    private static SloDraft Availability() => new("Summaries answer", "summarize", "availability", 99.5, 30, null, null);

    private static SloDraft Latency() => new("Summaries are quick", "summarize", "latency", 99, 28, 2000, null);

    private static SloDraft Quality() => new("Summaries are good", null, "quality", 95, 7, null, 0.75);

    /// <summary>case, a draft, the field expected among the errors, a fragment of its message.</summary>
    public static TheoryData<string, SloDraft, string, string> Rejections => new()
    {
        { "missing name", Availability() with { Name = null }, "name", "required" },
        { "blank name", Availability() with { Name = "  " }, "name", "required" },
        { "name too long", Availability() with { Name = new string('n', 201) }, "name", "at most 200" },
        { "prompt key that is not a slug", Availability() with { Prompt = "Summarize Me" }, "prompt", "not a valid prompt key" },
        { "missing indicator", Availability() with { Indicator = null }, "indicator", "not an indicator" },
        { "unknown indicator", Availability() with { Indicator = "throughput" }, "indicator", "not an indicator" },
        { "missing objective", Availability() with { Objective = null }, "objective", "strictly between 0 and 100" },
        { "objective 0", Availability() with { Objective = 0 }, "objective", "strictly between 0 and 100" },
        { "objective 100", Availability() with { Objective = 100 }, "objective", "strictly between 0 and 100" },
        { "objective above 100", Availability() with { Objective = 100.5 }, "objective", "strictly between 0 and 100" },
        { "negative objective", Availability() with { Objective = -1 }, "objective", "strictly between 0 and 100" },
        { "objective NaN", Availability() with { Objective = double.NaN }, "objective", "strictly between 0 and 100" },
        { "objective infinite", Availability() with { Objective = double.PositiveInfinity }, "objective", "strictly between 0 and 100" },
        { "missing period", Availability() with { PeriodDays = null }, "periodDays", "7, 28 or 30" },
        { "period of 14 days", Availability() with { PeriodDays = 14 }, "periodDays", "7, 28 or 30" },
        { "period of 0 days", Availability() with { PeriodDays = 0 }, "periodDays", "7, 28 or 30" },
        { "latency without threshold", Latency() with { LatencyThresholdMs = null }, "latencyThresholdMs", "needs a threshold" },
        { "latency threshold 0", Latency() with { LatencyThresholdMs = 0 }, "latencyThresholdMs", "above 0" },
        { "negative latency threshold", Latency() with { LatencyThresholdMs = -5 }, "latencyThresholdMs", "above 0" },
        { "latency threshold NaN", Latency() with { LatencyThresholdMs = double.NaN }, "latencyThresholdMs", "above 0" },
        { "latency threshold on availability", Availability() with { LatencyThresholdMs = 500 }, "latencyThresholdMs", "Only a latency SLO" },
        { "latency threshold on quality", Quality() with { LatencyThresholdMs = 500 }, "latencyThresholdMs", "Only a latency SLO" },
        { "quality without threshold", Quality() with { QualityThreshold = null }, "qualityThreshold", "needs a score threshold" },
        { "quality threshold below 0", Quality() with { QualityThreshold = -0.01 }, "qualityThreshold", "from 0 to 1" },
        { "quality threshold above 1", Quality() with { QualityThreshold = 4 }, "qualityThreshold", "from 0 to 1" },
        { "quality threshold on latency", Latency() with { QualityThreshold = 0.5 }, "qualityThreshold", "Only a quality SLO" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void A_draft_breaking_a_rule_is_refused_naming_the_field(string rule, SloDraft draft, string field, string message)
    {
        var result = SloValidator.Validate(Guid.NewGuid(), draft);

        Assert.False(result.IsSuccess, rule);
        Assert.Equal("invalid-slo", result.Error!.Code);
        var error = Assert.Single(result.Error.FieldErrors, e => e.Field == field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, SloDraft, SloDefinition> Acceptances
    {
        get
        {
            var id = Guid.Parse("0191e5a4-0000-7000-8000-000000000001");
            return new()
            {
                { "availability of one prompt", Availability(), new SloDefinition(id, "Summaries answer", "summarize", SloIndicator.Availability, 99.5, 30, null, null) },
                { "latency with its threshold", Latency(), new SloDefinition(id, "Summaries are quick", "summarize", SloIndicator.Latency, 99, 28, 2000, null) },
                { "quality of every prompt", Quality(), new SloDefinition(id, "Summaries are good", null, SloIndicator.Quality, 95, 7, null, 0.75) },
                { "blank prompt means every prompt, names trimmed", Availability() with { Name = " Padded ", Prompt = " ", Indicator = " Availability " }, new SloDefinition(id, "Padded", null, SloIndicator.Availability, 99.5, 30, null, null) },
                { "objective just inside (0, 100)", Availability() with { Objective = 99.999 }, new SloDefinition(id, "Summaries answer", "summarize", SloIndicator.Availability, 99.999, 30, null, null) },
                { "quality threshold 0", Quality() with { QualityThreshold = 0 }, new SloDefinition(id, "Summaries are good", null, SloIndicator.Quality, 95, 7, null, 0) },
                { "quality threshold 1", Quality() with { QualityThreshold = 1 }, new SloDefinition(id, "Summaries are good", null, SloIndicator.Quality, 95, 7, null, 1) },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Acceptances))]
    public void A_valid_draft_becomes_its_definition(string rule, SloDraft draft, SloDefinition expected)
    {
        var result = SloValidator.Validate(expected.Id, draft);

        Assert.True(result.IsSuccess, $"{rule}: {string.Join("; ", result.Error?.FieldErrors.Select(e => $"{e.Field}: {e.Message}") ?? [])}");
        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Every_offending_field_is_reported_at_once()
    {
        var result = SloValidator.Validate(Guid.NewGuid(), new SloDraft(null, "Bad Key", "latency", 100, 14, null, 0.5));

        Assert.Equal(
            ["name", "prompt", "objective", "periodDays", "latencyThresholdMs", "qualityThreshold"],
            result.Error!.FieldErrors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(99.5, 0.005)]
    [InlineData(99.9, 0.001)]
    [InlineData(95, 0.05)]
    public void The_error_budget_is_the_share_allowed_to_be_bad(double objectivePercent, double budget)
    {
        var slo = new SloDefinition(Guid.NewGuid(), "x", null, SloIndicator.Availability, objectivePercent, 30, null, null);

        Assert.Equal(budget, slo.ErrorBudget, 12);
        Assert.Equal(objectivePercent / 100, slo.Objective, 12);
    }
}
