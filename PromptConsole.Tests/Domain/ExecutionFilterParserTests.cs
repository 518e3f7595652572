using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;

namespace PromptConsole.Tests.Domain;

public sealed class ExecutionFilterParserTests
{
    [Fact]
    public void Blank_text_is_no_filter_and_the_first_page_of_the_default_size()
    {
        var query = ExecutionFilterParser.Parse(new ExecutionFilterText(Prompt: "  ", Version: "", Outcome: " ", Skip: null, Take: " ")).Value;

        Assert.Equal(ExecutionFilter.None, query.Filter);
        Assert.Equal(0, query.Skip);
        Assert.Equal(ExecutionQuery.DefaultTake, query.Take);
    }

    [Fact]
    public void Every_field_parses_into_its_typed_criterion()
    {
        var query = ExecutionFilterParser.Parse(new ExecutionFilterText(
            Prompt: " greet ",
            Version: "3",
            Outcome: "provider_failed",
            Cache: "semantic",
            Model: " sim-fast ",
            Origin: "demo_traffic",
            From: "2026-03-01T09:00:00Z",
            To: "2026-03-01T11:30:00+02:00",
            ErrorType: "timeout",
            TraceId: "0AF7651916CD43DD8448EB211C80319C",
            Skip: "40",
            Take: "200")).Value;

        Assert.Equal(
            new ExecutionFilter(
                "greet", 3, ExecutionOutcome.ProviderFailed, CacheLevel.Semantic, "sim-fast", ExecutionOrigin.DemoTraffic,
                new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero),
                "timeout",
                "0af7651916cd43dd8448eb211c80319c"),
            query.Filter);
        Assert.Equal(TimeSpan.Zero, query.Filter.To!.Value.Offset);
        Assert.Equal(40, query.Skip);
        Assert.Equal(200, query.Take);
    }

    [Theory]
    [InlineData("success", ExecutionOutcome.Success)]
    [InlineData("Success", ExecutionOutcome.Success)]
    [InlineData("output_rejected", ExecutionOutcome.OutputRejected)]
    [InlineData("OutputRejected", ExecutionOutcome.OutputRejected)]
    [InlineData("output-rejected", ExecutionOutcome.OutputRejected)]
    [InlineData("PROVIDER_FAILED", ExecutionOutcome.ProviderFailed)]
    [InlineData("cancelled", ExecutionOutcome.Cancelled)]
    public void Outcomes_are_read_by_wire_name_or_enum_name_in_any_case(string text, ExecutionOutcome expected) =>
        Assert.Equal(expected, ExecutionFilterParser.Parse(new ExecutionFilterText(Outcome: text)).Value.Filter.Outcome);

    [Theory]
    [InlineData("api", ExecutionOrigin.Api)]
    [InlineData("openai_compatible", ExecutionOrigin.OpenAiCompatible)]
    [InlineData("OpenAiCompatible", ExecutionOrigin.OpenAiCompatible)]
    [InlineData("console", ExecutionOrigin.Console)]
    [InlineData("DemoTraffic", ExecutionOrigin.DemoTraffic)]
    public void Origins_are_read_by_wire_name_or_enum_name(string text, ExecutionOrigin expected) =>
        Assert.Equal(expected, ExecutionFilterParser.Parse(new ExecutionFilterText(Origin: text)).Value.Filter.Origin);

    [Theory]
    [InlineData("miss", CacheLevel.Miss)]
    [InlineData("EXACT", CacheLevel.Exact)]
    [InlineData("Semantic", CacheLevel.Semantic)]
    public void Cache_levels_are_read_in_any_case(string text, CacheLevel expected) =>
        Assert.Equal(expected, ExecutionFilterParser.Parse(new ExecutionFilterText(Cache: text)).Value.Filter.Cache);

    [Fact]
    public void A_time_without_an_offset_is_utc()
    {
        var filter = ExecutionFilterParser.Parse(new ExecutionFilterText(From: "2026-03-01T09:00")).Value.Filter;

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero), filter.From);
    }

    [Fact]
    public void The_reserved_key_of_openai_compatible_requests_is_a_prompt_filter()
    {
        Assert.Equal("_chat", ExecutionFilterParser.Parse(new ExecutionFilterText(Prompt: "_chat")).Value.Filter.PromptKey);
    }

    public static TheoryData<string, ExecutionFilterText, string> Refusals => new()
    {
        // case, text → the field the refusal names
        { "prompt with spaces", new ExecutionFilterText(Prompt: "my prompt"), "prompt" },
        { "prompt in capitals", new ExecutionFilterText(Prompt: "Greet"), "prompt" },
        { "prompt too long", new ExecutionFilterText(Prompt: new string('a', 65)), "prompt" },
        { "version zero", new ExecutionFilterText(Version: "0"), "version" },
        { "negative version", new ExecutionFilterText(Version: "-1"), "version" },
        { "version not a number", new ExecutionFilterText(Version: "latest"), "version" },
        { "fractional version", new ExecutionFilterText(Version: "1.5"), "version" },
        { "unknown outcome", new ExecutionFilterText(Outcome: "failed"), "outcome" },
        { "unknown cache level", new ExecutionFilterText(Cache: "hit"), "cache" },
        { "unknown origin", new ExecutionFilterText(Origin: "cron"), "origin" },
        { "from not a time", new ExecutionFilterText(From: "yesterday"), "from" },
        { "from in a local date format", new ExecutionFilterText(From: "3/1/2026"), "from" },
        { "to not a time", new ExecutionFilterText(To: "2026-13-01T00:00:00Z"), "to" },
        { "to before from", new ExecutionFilterText(From: "2026-03-01T10:00:00Z", To: "2026-03-01T09:00:00Z"), "to" },
        { "empty range", new ExecutionFilterText(From: "2026-03-01T10:00:00Z", To: "2026-03-01T10:00:00Z"), "to" },
        { "trace id too short", new ExecutionFilterText(TraceId: "0af765"), "traceId" },
        { "trace id not hex", new ExecutionFilterText(TraceId: "zzf7651916cd43dd8448eb211c80319c"), "traceId" },
        { "all-zero trace id", new ExecutionFilterText(TraceId: new string('0', 32)), "traceId" },
        { "negative skip", new ExecutionFilterText(Skip: "-5"), "skip" },
        { "skip not a number", new ExecutionFilterText(Skip: "ten"), "skip" },
        { "take zero", new ExecutionFilterText(Take: "0"), "take" },
        { "take over the cap", new ExecutionFilterText(Take: "201"), "take" },
        { "take huge", new ExecutionFilterText(Take: "99999999999"), "take" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_bad_value_is_a_validation_error_naming_its_field(string @case, ExecutionFilterText text, string field)
    {
        var result = ExecutionFilterParser.Parse(text);

        Assert.False(result.IsSuccess, @case);
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal(ExecutionFilterParser.ErrorCode, result.Error.Code);
        var error = Assert.Single(result.Error.FieldErrors);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var result = ExecutionFilterParser.Parse(new ExecutionFilterText(Outcome: "nope", Cache: "nope", Take: "500"));

        Assert.Equal(["outcome", "cache", "take"], result.Error!.FieldErrors.Select(f => f.Field));
    }

    [Fact]
    public void Formatting_a_filter_gives_text_that_parses_back_to_it()
    {
        var filter = new ExecutionFilter(
            "greet", 2, ExecutionOutcome.OutputRejected, CacheLevel.Exact, "sim-fast", ExecutionOrigin.OpenAiCompatible,
            new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero),
            "json_invalid", "0af7651916cd43dd8448eb211c80319c");

        var text = ExecutionFilterParser.Format(filter);

        Assert.Equal("output_rejected", text.Outcome);
        Assert.Equal("openai_compatible", text.Origin);
        Assert.Equal("2026-03-01T09:00:00Z", text.From);
        Assert.Equal(filter, ExecutionFilterParser.Parse(text).Value.Filter);
        Assert.Equal(new ExecutionFilterText(), ExecutionFilterParser.Format(ExecutionFilter.None));
    }
}
