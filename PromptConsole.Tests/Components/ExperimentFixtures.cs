using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Tests.Components;

/// <summary>
/// Experiments and results for the console tests. The statistics here are made-up inputs, not computed
/// ones: the pages only show what the service computed, so the tests check that each figure reaches its
/// cell in the right unit, not the figures themselves (the calculator has its own tests).
/// </summary>
public static class ExperimentFixtures
{
    public static readonly DateTimeOffset Created = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static ExperimentDefinition Definition(string key = "greeting-tone", string prompt = "greeting", params ExperimentArm[] arms) => new(
        key,
        prompt,
        "A warmer greeting answers more often",
        arms.Length > 0 ? arms : [new ExperimentArm("control", 1, 50), new ExperimentArm("warm", 2, 50)],
        1,
        [],
        "subject",
        ExperimentMetric.SuccessRate,
        [ExperimentMetric.P95Latency],
        100,
        null);

    public static ExperimentDetails Details(
        ExperimentStatus status, string key = "greeting-tone", string prompt = "greeting", ExperimentDecision? decision = null, string? reason = null)
    {
        DateTimeOffset? started = status == ExperimentStatus.Draft ? null : Created.AddHours(1);
        DateTimeOffset? stopped = status == ExperimentStatus.Stopped ? Created.AddDays(2) : null;
        var experiment = new Experiment(Definition(key, prompt), status, started, stopped, status == ExperimentStatus.Stopped ? decision ?? ExperimentDecision.NoWinner : null);
        return new ExperimentDetails(experiment, reason, "alice", Created, Created, 1);
    }

    public static IntervalView Interval(double estimate, double lower, double upper, double p) => new(estimate, lower, upper, p);

    /// <summary>
    /// Control against "warm": warm answers more often (significant on the sequential interval) but is slower,
    /// which its p95-latency guardrail calls worse.
    /// </summary>
    public static ExperimentResults Results(string key = "greeting-tone", bool srmMismatch = false, string status = "running", int timelinePoints = 3)
    {
        var warmSuccess = new EffectView(
            Interval(0.03, 0.005, 0.055, 0.018),
            Interval(0.0333, 0.006, 0.0611, 0.018),
            Interval(0.03, 0.001, 0.059, 0.04),
            Interval(0.0333, 0.0011, 0.0655, 0.04),
            0.991,
            "better");
        var warmLatency = new EffectView(
            Interval(150, 80, 220, 0.0001),
            Interval(0.1875, 0.1, 0.275, 0.0001),
            Interval(150, 40, 260, 0.002),
            null,
            0.004,
            "worse");
        ArmResult Arm(string name, int version, bool control, long n, double success, double p95, EffectView? successEffect, EffectView? latencyEffect) => new(
            name, version, 50, control, n, Created.AddHours(1), Created.AddHours(3),
            [
                new MetricResult("successRate", "primary", success, n, "two-proportion", successEffect),
                new MetricResult("p95Latency", "guardrail", p95, n, "welch-mean", latencyEffect),
            ]);

        var timeline = Enumerable.Range(1, timelinePoints)
            .Select(i => new TimelinePoint(Created.AddHours(1 + i), "warm", 300L * i, 310L * i, 0.03, 0.03 - 0.09 / i, 0.03 + 0.09 / i))
            .ToArray();
        return new ExperimentResults(
            key,
            status,
            "successRate",
            0.95,
            new ExposureView(2010, Created.AddHours(1), Created.AddHours(3), 12, new Dictionary<string, long> { ["no_subject"] = 12 }),
            [Arm("control", 1, true, 1000, 0.9, 800, null, null), Arm("warm", 2, false, 1010, 0.93, 950, warmSuccess, warmLatency)],
            srmMismatch ? new SrmResult(14.2, 0.00016, true) : new SrmResult(0.05, 0.82, false),
            srmMismatch
                ? new Recommendation("invalid", null, ["The arms' counts do not match their weights (p = 0.00016)."])
                : new Recommendation("ship", "warm", ["warm raises success rate by 3 pp (always-valid interval +0.1 to +5.9 pp).", "p95 latency is worse: weigh it before shipping."]),
            timeline,
            Created.AddHours(3));
    }
}
