using PromptConsole.Domain.Execution;
using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Tests.Services.Reports;

/// <summary>One day's figures summed from records in latency order; the error types and cache savings case by case.</summary>
public sealed class DailyFiguresAccumulatorTests
{
    private static readonly ModelPrice Priced = new("priced", "simulator", 0.002m, 0.004m);

    private static ModelPrice? PriceOf(string model) => model == Priced.Model ? Priced : null;

    private static DailyExecutionRow Row(
        double latencyMs,
        ExecutionOutcome outcome = ExecutionOutcome.Success,
        string? errorType = null,
        CacheLevel cache = CacheLevel.Miss,
        string model = "priced",
        int input = 100,
        int output = 50,
        decimal cost = 0.0004m,
        int? feedback = null,
        double? score = null) =>
        new("p", outcome, errorType, cache, model, latencyMs, input, output, cost, feedback, score);

    [Fact]
    public void Sums_a_day_and_reads_exact_percentiles_off_the_ordered_rows()
    {
        var rows = new[]
        {
            Row(10, feedback: 5, score: 0.9),
            Row(20, ExecutionOutcome.ProviderFailed, "rate_limited", cost: 0m, input: 0, output: 0),
            Row(30, cache: CacheLevel.Exact, cost: 0m),
            Row(40, ExecutionOutcome.OutputRejected, "output_check_failed", feedback: 2),
            Row(50, ExecutionOutcome.ProviderFailed, null, cost: 0m, score: 0.4),
        };
        var accumulator = new DailyFiguresAccumulator(rows.Length, PriceOf);
        foreach (var row in rows)
            accumulator.Add(row);

        var figures = accumulator.ToFigures();

        Assert.Equal(5, figures.Executions);
        Assert.Equal(new Dictionary<string, long> { ["output_check_failed"] = 1, ["provider_error"] = 1, ["rate_limited"] = 1 }, figures.ErrorsByType);
        Assert.Equal(0.6, figures.ErrorRate!.Value, 12);
        Assert.Equal(30, figures.P50LatencyMs);
        Assert.Equal(50, figures.P95LatencyMs);
        Assert.Equal(50, figures.P99LatencyMs);
        Assert.Equal(0.0008m, figures.CostUsd);
        Assert.Equal(0.00016m, figures.CostPerExecutionUsd);
        Assert.Equal(400, figures.InputTokens);
        Assert.Equal(200, figures.OutputTokens);
        Assert.Equal(1, figures.CacheHits);
        Assert.Equal(0.0004m, figures.CacheSavingsUsd);
        Assert.Equal(2, figures.FeedbackCount);
        Assert.Equal(3.5, figures.MeanFeedback);
        Assert.Equal(2, figures.AutomatedScoreCount);
        Assert.Equal(0.65, figures.MeanAutomatedScore!.Value, 12);
    }

    [Fact]
    public void An_empty_day_has_no_rates_and_no_percentiles()
    {
        var figures = DailyFiguresAccumulator.Empty;
        Assert.Equal(0, figures.Executions);
        Assert.Empty(figures.ErrorsByType);
        Assert.Null(figures.ErrorRate);
        Assert.Null(figures.P50LatencyMs);
        Assert.Null(figures.CostPerExecutionUsd);
        Assert.Null(figures.MeanFeedback);
        Assert.Null(figures.MeanAutomatedScore);
    }

    [Fact]
    public void A_day_that_changed_while_it_was_read_is_noticed()
    {
        var fewer = new DailyFiguresAccumulator(2, PriceOf);
        fewer.Add(Row(1));
        Assert.Throws<DayChangedWhileReadException>(fewer.ToFigures);

        var more = new DailyFiguresAccumulator(1, PriceOf);
        more.Add(Row(1));
        Assert.Throws<DayChangedWhileReadException>(() => more.Add(Row(2)));
    }

    public static TheoryData<string, CacheLevel, string, int, int, decimal, decimal> Savings => new()
    {
        { "a miss saves nothing", CacheLevel.Miss, "priced", 1000, 1000, 0.006m, 0m },
        { "an exact hit saves the model's price of its tokens", CacheLevel.Exact, "priced", 1000, 500, 0m, 0.004m },
        { "a semantic hit too", CacheLevel.Semantic, "priced", 250, 250, 0m, 0.0015m },
        { "what the hit itself cost is not saved", CacheLevel.Exact, "priced", 1000, 500, 0.001m, 0.003m },
        { "a model no longer in the catalog cannot be priced", CacheLevel.Exact, "retired", 1000, 500, 0m, 0m },
        { "never negative", CacheLevel.Exact, "priced", 10, 10, 1m, 0m },
    };

    [Theory]
    [MemberData(nameof(Savings))]
    public void Cache_savings_price_the_cached_answer_at_the_catalog_price(string name, CacheLevel cache, string model, int input, int output, decimal cost, decimal saved)
    {
        Assert.NotNull(name);
        Assert.Equal(saved, DailyFiguresAccumulator.SavingOf(Row(1, cache: cache, model: model, input: input, output: output, cost: cost), PriceOf));
    }

    public static TheoryData<string, ExecutionOutcome, string?, string> ErrorTypes => new()
    {
        { "the recorded type", ExecutionOutcome.ProviderFailed, "timeout", "timeout" },
        { "a provider failure without a type", ExecutionOutcome.ProviderFailed, null, "provider_error" },
        { "a rejected output without a type", ExecutionOutcome.OutputRejected, null, "output_rejected" },
        { "a cancellation without a type", ExecutionOutcome.Cancelled, "", "cancelled" },
    };

    [Theory]
    [MemberData(nameof(ErrorTypes))]
    public void Errors_count_by_their_type_or_else_their_outcome(string name, ExecutionOutcome outcome, string? errorType, string expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, DailyFiguresAccumulator.ErrorTypeOf(Row(1, outcome, errorType)));
    }
}
