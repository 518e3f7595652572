using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Tests.Components;

public class ExperimentFormatTests
{
    [Theory]
    [InlineData("successRate", 0.975, "97.5%")]
    [InlineData("outputCheckPassRate", 0.5, "50%")]
    [InlineData("p95Latency", 840.4, "840 ms")]
    [InlineData("p95Latency", 1520.0, "1.52 s")]
    [InlineData("costPerExecution", 0.0012, "$0.001200")]
    [InlineData("feedback", 4.213, "4.21")]
    [InlineData("automatedScore", 0.8123, "0.812")]
    [InlineData("successRate", null, "—")]
    public void Values_are_written_in_the_metrics_unit(string metric, double? value, string expected) =>
        Assert.Equal(expected, ExperimentFormat.Value(metric, value));

    [Theory]
    [InlineData("successRate", 0.012, "+1.2 pp")]
    [InlineData("successRate", -0.0305, "−3.05 pp")]
    [InlineData("p95Latency", -35, "−35 ms")]
    [InlineData("costPerExecution", 0.0004, "+$0.000400")]
    [InlineData("feedback", 0.1, "+0.10")]
    [InlineData("automatedScore", 0, "+0.000")]
    public void Differences_are_signed_and_rates_differ_in_percentage_points(string metric, double difference, string expected) =>
        Assert.Equal(expected, ExperimentFormat.Difference(metric, difference));

    [Fact]
    public void An_interval_writes_the_estimate_then_its_bounds() =>
        Assert.Equal("+3 pp [+0.5 pp, +5.5 pp]", ExperimentFormat.Interval("successRate", new IntervalView(0.03, 0.005, 0.055, 0.01)));

    [Theory]
    [InlineData(0.0004, "< 0.001")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0483, "0.048")]
    [InlineData(1, "1.000")]
    public void P_values_stop_at_a_thousandth(double p, string expected) => Assert.Equal(expected, ExperimentFormat.PValue(p));

    [Theory]
    [InlineData(0.00016, "p < 0.001")]
    [InlineData(0.82, "p = 0.820")]
    public void P_clauses_read_as_sentences(double p, string expected) => Assert.Equal(expected, ExperimentFormat.PClause(p));

    [Theory]
    [InlineData("ship", "warm", "Ship warm")]
    [InlineData("keepRunning", null, "Keep running")]
    [InlineData("invalid", null, "Do not read these results")]
    [InlineData("stop", null, "Stop: no treatment can win, keep the control")]
    public void Recommendations_are_named_for_people(string action, string? arm, string expected) =>
        Assert.Equal(expected, ExperimentFormat.Recommendation(new Recommendation(action, arm, [])));

    [Theory]
    [InlineData(ExperimentVerdict.Ship, "warm", "ship warm")]
    [InlineData(ExperimentVerdict.NoWinner, null, "no winner")]
    public void Decisions(ExperimentVerdict verdict, string? arm, string expected) =>
        Assert.Equal(expected, ExperimentFormat.Decision(new ExperimentDecision(verdict, arm)));

    [Theory]
    [InlineData(50, 100, "50%")]
    [InlineData(1, 3, "33.3%")]
    [InlineData(1, 0, "—")]
    public void Weights_are_shares_of_the_total(double weight, double total, string expected) =>
        Assert.Equal(expected, ExperimentFormat.Percent(weight, total));

    [Fact]
    public void The_effect_chart_draws_each_treatment_with_its_interval_and_a_zero_line()
    {
        var charts = ExperimentCharts.From(ExperimentFixtures.Results(timelinePoints: 3))!;

        Assert.Equal(["warm", "warm lower", "warm upper", "zero"], charts.Effect.Series.Select(s => s.Name));
        Assert.Equal(ChartUnit.Share, charts.Effect.Unit);
        // The fixture's third point: estimate 0.03, bounds 0.03 ∓ 0.09 / 3.
        Assert.Equal(0.03 - 0.03, charts.Effect.Series[1].Points[^1].Value!.Value, 12);
        Assert.All(charts.Effect.Series[3].Points, p => Assert.Equal(0, p.Value));
        Assert.Equal(["control", "warm"], charts.SampleSize.Series.Select(s => s.Name));
        Assert.Equal([300d, 600, 900], charts.SampleSize.Series[0].Points.Select(p => p.Value!.Value));
        Assert.Equal([310d, 620, 930], charts.SampleSize.Series[1].Points.Select(p => p.Value!.Value));
        Assert.Equal(TimeSpan.FromHours(2), charts.Range.Window);
    }

    [Fact]
    public void No_timeline_no_charts() => Assert.Null(ExperimentCharts.From(ExperimentFixtures.Results(timelinePoints: 0)));

    [Fact]
    public void Not_enrolled_requests_are_summed_with_their_reasons_largest_first()
    {
        var none = new ExposureView(10, null, null, 0, new Dictionary<string, long>());
        Assert.Equal(string.Empty, ExperimentFormat.NotEnrolled(none));

        var some = new ExposureView(10, null, null, 1_204, new Dictionary<string, long> { ["outside_coverage"] = 4, ["no_subject"] = 1_200 });
        Assert.Equal("1,204 not enrolled (no subject 1,200, outside coverage 4)", ExperimentFormat.NotEnrolled(some));
    }
}
