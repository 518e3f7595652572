using PromptConsole.Domain.Common;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Alerts;
using PromptConsole.Web.Model.Reports;
using PromptConsole.Web.Model.Slos;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>The view models' decisions without a renderer: risk, crossed thresholds, changes, the commands the dialogs send.</summary>
public class ReliabilityFormatTests
{
    [Theory]
    [InlineData("plenty left, not burning", 0.8, null, SloRisk.Healthy)]
    [InlineData("exactly a quarter left", 0.25, null, SloRisk.Healthy)]
    [InlineData("under a quarter left", 0.249, null, SloRisk.AtRisk)]
    [InlineData("burning for a ticket", 0.9, "ticket", SloRisk.AtRisk)]
    [InlineData("burning for a page", 0.9, "page", SloRisk.Breached)]
    [InlineData("budget spent", 0.0, null, SloRisk.Breached)]
    [InlineData("budget overspent", -0.3, null, SloRisk.Breached)]
    public void Risk_of_an_slo(string name, double budget, string? burning, SloRisk expected)
    {
        Assert.True(name.Length > 0);
        Assert.Equal(expected, SloFormat.Risk(budget, burning));
    }

    [Theory]
    [InlineData("5m", 14.4, "page")]
    [InlineData("5m", 14.3, null)]
    [InlineData("30m", 6.0, "page")]
    [InlineData("1h", 20.0, "page")]
    [InlineData("6h", 6.0, "page")]
    [InlineData("6h", 1.0, "ticket")]
    [InlineData("6h", 0.99, null)]
    [InlineData("1d", 100.0, null)]
    [InlineData("3d", 1.0, "ticket")]
    [InlineData("3d", null, null)]
    public void Threshold_a_window_crosses(string window, double? rate, string? expected) =>
        Assert.Equal(expected, SloFormat.Crossed(SloFormat.Windows.Single(w => w.Name == window), rate));

    [Theory]
    [InlineData(0.734, "73.4 %", 73.4)]
    [InlineData(1.0, "100.0 %", 100)]
    [InlineData(-0.12, "−12.0 %", 0)]
    [InlineData(1.5, "150.0 %", 100)]
    public void Budget_text_and_bar(double budget, string text, double bar)
    {
        Assert.Equal(text, SloFormat.Budget(budget));
        Assert.Equal(bar, SloFormat.BudgetBar(budget), 6);
    }

    [Theory]
    [InlineData("executions up", 1200L, 1000L, null, "+200 (+20.0 %)", ChangeTone.Neutral)]
    [InlineData("unchanged", 5L, 5L, true, "±0", ChangeTone.Neutral)]
    [InlineData("from nothing", 3L, 0L, true, "+3", ChangeTone.Worse)]
    [InlineData("fewer rollbacks", 1L, 2L, true, "−1 (−50.0 %)", ChangeTone.Better)]
    [InlineData("fewer cache hits", 10L, 20L, false, "−10 (−50.0 %)", ChangeTone.Worse)]
    public void Change_of_a_count(string name, long today, long previous, bool? lowerIsBetter, string change, ChangeTone tone)
    {
        var line = ReportFormat.Count(name, name, today, previous, lowerIsBetter);
        Assert.Equal((change, tone), (line.Change, line.Tone));
    }

    [Fact]
    public void Changes_of_rates_latencies_and_scores_in_their_units()
    {
        Assert.Equal(("+1.50 pp", ChangeTone.Worse), Pair(ReportFormat.Share("e", "e", 0.035, 0.02)));
        Assert.Equal(("—", ChangeTone.Neutral), Pair(ReportFormat.Share("e", "e", null, 0.02)));
        Assert.Equal(("+10.0 %", ChangeTone.Worse), Pair(ReportFormat.Latency("p", "p", 110, 100)));
        Assert.Equal(("−0.20", ChangeTone.Worse), Pair(ReportFormat.Score("s", "s", 3.8, 4.0, "10 ratings")));
        Assert.Equal(("−20.0 %", ChangeTone.Better), Pair(ReportFormat.Money("c", "c", 0.8m, 1.0m)));

        static (string, ChangeTone) Pair(ReportLine line) => (line.Change, line.Tone);
    }

    [Fact]
    public void The_slo_form_sends_only_the_threshold_its_indicator_needs()
    {
        var form = new SloFormViewModel(new FakeSloService(), new FixedUser("oncall"))
        {
            Name = "  checkout  ",
            Prompt = " ",
            Indicator = "quality",
            Objective = 95,
            PeriodDays = 7,
            LatencyThresholdMs = 500,
            QualityThreshold = 0.7,
        };

        Assert.Equal(new SloCommand("checkout", null, "quality", 95, 7, null, 0.7), form.BuildCommand());
    }

    [Fact]
    public async Task The_rule_form_lists_actions_and_channels_in_the_dialog_order_and_places_indexed_errors()
    {
        var channels = new FakeNotificationChannels();
        var first = ReliabilityFixtures.Channel(Guid.NewGuid(), "a-first");
        var second = ReliabilityFixtures.Channel(Guid.NewGuid(), "b-second");
        channels.Add(first);
        channels.Add(second);
        var alerts = new FakeAlertService
        {
            OnSaveRule = _ => Error.Validation("validation", "Not valid.", [new FieldError("channels[1]", "Disabled channel."), new FieldError("actions[0]", "Unknown action.")]),
        };
        var form = new AlertRuleFormViewModel(alerts, channels, new FakeSloService(), new FixedUser("oncall"));
        await form.LoadAsync(null);
        form.SetChannel(second.Id, true);
        form.SetChannel(first.Id, true);
        form.SetAction("rollback", true);
        form.SetAction("pause-canary", true);
        form.Slo = Guid.NewGuid();

        var command = form.BuildCommand();
        Assert.Equal(form.ChannelOptions.Select(c => c.Id), command.Channels);
        Assert.Equal(["notify", "pause-canary", "rollback"], command.Actions);
        Assert.Null(command.Slo);

        Assert.Null(await form.SaveAsync());
        Assert.Equal(["Disabled channel."], form.MessagesFor("channels"));
        Assert.Equal(["Unknown action."], form.MessagesFor("actions"));
        Assert.Empty(form.Unplaced);
    }

    [Fact]
    public void An_error_from_the_service_reads_as_the_api_gives_it()
    {
        var view = ErrorView.From(Error.Validation("validation", "The SLO is not valid.", [new FieldError("objective", "The objective must be strictly between 0 and 100.")]));

        Assert.Equal(["The objective must be strictly between 0 and 100."], view.For("objective"));
        Assert.Equal("The SLO is not valid.", view.Message);
    }

    [Fact]
    public void The_burn_chart_has_a_series_per_window_with_the_latest_rate_and_the_budget_line()
    {
        var points = new[]
        {
            new SloBurnPoint(ReliabilityFixtures.Now.AddMinutes(-1), ReliabilityFixtures.Rates(fiveMinutes: 3), 0.5),
            new SloBurnPoint(ReliabilityFixtures.Now.AddMinutes(-2), ReliabilityFixtures.Rates(fiveMinutes: 2, oneDay: null), 0.6),
        };

        var charts = SloCharts.From(points, SloCharts.DefaultRange)!;

        Assert.Equal(["5m", "30m", "1h", "6h", "1d", "3d"], charts.BurnRates.Series.Select(s => s.Name));
        Assert.Equal(3, charts.BurnRates.Series[0].Summary);
        Assert.Equal([2d, 3d], charts.BurnRates.Series[0].Points.Select(p => p.Value!.Value));
        Assert.Equal(0.5, charts.Budget.Series[0].Summary);
        Assert.Equal("×14.40", MetricsFormat.Of(ChartUnit.BurnRate, 14.4));
        Assert.Null(SloCharts.From([], SloCharts.DefaultRange));
    }
}
