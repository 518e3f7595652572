using System.Globalization;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Tests.Services.Reports;

/// <summary>The Markdown of the daily report: change columns case by case, invariant numbers, sections.</summary>
public sealed class DailyReportMarkdownTests
{
    public static TheoryData<string, double?, double?, string> Percents => new()
    {
        { "up a quarter", 125.0, 100.0, "+25.0 %" },
        { "down a third", 2.0, 3.0, "-33.3 %" },
        { "unchanged", 7.0, 7.0, "±0.0 %" },
        { "a change too small to show", 100.001, 100.0, "±0.0 %" },
        { "from nothing", 5.0, 0.0, "new" },
        { "from no figure", 5.0, null, "new" },
        { "to nothing", 0.0, 4.0, "-100.0 %" },
        { "nothing either day", 0.0, 0.0, "—" },
        { "no figure either day", null, null, "—" },
    };

    [Theory]
    [MemberData(nameof(Percents))]
    public void Counts_and_money_change_in_percent_of_the_day_before(string name, double? day, double? before, string expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, DailyReportMarkdown.Percent(day, before));
    }

    public static TheoryData<string, double?, double?, string> Points => new()
    {
        { "error rate up from 1 % to 2.5 %", 0.025, 0.01, "+1.50 pp" },
        { "down from 10 % to 4 %", 0.04, 0.10, "-6.00 pp" },
        { "unchanged", 0.02, 0.02, "±0.00 pp" },
        { "no executions the day before", 0.02, null, "—" },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void Rates_change_in_percentage_points(string name, double? day, double? before, string expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, DailyReportMarkdown.Points(day, before));
    }

    [Theory]
    [InlineData(3, "+3")]
    [InlineData(-2, "-2")]
    [InlineData(0, "0")]
    [InlineData(1500, "+1,500")]
    public void Events_change_by_their_difference(long change, string expected) =>
        Assert.Equal(expected, DailyReportMarkdown.Difference(change));

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture_whatever_the_thread_culture()
    {
        var report = Report();
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var markdown = DailyReportMarkdown.Render(report);

            Assert.StartsWith("# PromptConsole daily report 2026-03-01\n", markdown, StringComparison.Ordinal);
            Assert.Contains("| Executions | 1,200 | 1,000 | +20.0 % |", markdown, StringComparison.Ordinal);
            Assert.Contains("| Error rate | 2.50 % | 1.00 % | +1.50 pp |", markdown, StringComparison.Ordinal);
            Assert.Contains("| p95 latency | 1,234.5 ms | — | new |", markdown, StringComparison.Ordinal);
            Assert.Contains("| Cost | $12.345678 | $10.00 | +23.5 % |", markdown, StringComparison.Ordinal);
            Assert.Contains("| `rate_limited` | 30 | 10 | +200.0 % |", markdown, StringComparison.Ordinal);
            Assert.Contains("| Deploys | 2 | 0 | +2 |", markdown, StringComparison.Ordinal);
            Assert.Contains("## Prompt `summarize`", markdown, StringComparison.Ordinal);
            Assert.Contains("Calibration: minor-drift.", markdown, StringComparison.Ordinal);
            Assert.Contains("| availability 99.5 | availability | 99.5 % | 42.0 % |", markdown, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_prompt_only_report_has_that_prompt_s_section_alone()
    {
        var markdown = DailyReportMarkdown.Render(DailyReportBuilder.ForPrompt(Report(), "summarize"), onlyPrompts: true);
        Assert.StartsWith("# PromptConsole daily report 2026-03-01 — summarize\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## All prompts", markdown, StringComparison.Ordinal);
        Assert.Contains("## Prompt `summarize`", markdown, StringComparison.Ordinal);
    }

    private static DailyReport Report()
    {
        var day = DailyFiguresAccumulator.Empty with
        {
            Executions = 1200,
            ErrorsByType = new Dictionary<string, long> { ["rate_limited"] = 30 },
            ErrorRate = 0.025,
            P95LatencyMs = 1234.5,
            CostUsd = 12.345678m,
            CostPerExecutionUsd = 0.01028807m,
        };
        var before = DailyFiguresAccumulator.Empty with
        {
            Executions = 1000,
            ErrorsByType = new Dictionary<string, long> { ["rate_limited"] = 10 },
            ErrorRate = 0.01,
            CostUsd = 10m,
        };
        var events = DailyReportSources.NoEvents with { Deploys = 2 };
        var slo = FixedSloEvaluator.Status("availability 99.5", null, 99.5, 0.42);
        var overall = new DailyPromptReport(null, day, before, events, DailyReportSources.NoEvents, "minor-drift",
            [new DailySloLine(slo.Id, slo.Name, slo.Indicator, slo.Objective, slo.BudgetRemaining)]);
        var prompt = overall with { Prompt = "summarize", Slos = [] };
        return new DailyReport(new DateOnly(2026, 3, 1), new DateTimeOffset(2026, 3, 2, 0, 15, 0, TimeSpan.Zero), overall, [prompt]);
    }
}
