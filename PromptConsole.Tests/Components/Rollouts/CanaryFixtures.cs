using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

/// <summary>A canary of greeting v2 on production against v1, in its second step (25 %), with two analyses behind it.</summary>
public static class CanaryFixtures
{
    public const string Key = "canary-7f3a";

    public static readonly DateTimeOffset Started = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<CanaryGate> Gates { get; } =
    [
        CanaryGateDefaults.For(GateMetric.ErrorRate),
        CanaryGateDefaults.For(GateMetric.P95LatencyRatio),
        CanaryGateDefaults.For(GateMetric.CostPerExecutionRatio),
    ];

    public static CanaryDetails Running(string key = Key, string promptKey = "greeting", CanaryStatus status = CanaryStatus.Running, string? statusReason = null) => new(
        key,
        promptKey,
        "production",
        BaselineVersion: 1,
        CandidateVersion: 2,
        status,
        Steps: [5, 25, 50, 100],
        StepIndex: 1,
        Percent: 25,
        StepDuration: TimeSpan.FromMinutes(10),
        MinExecutionsPerStep: 50,
        Gates,
        Started,
        "alice",
        StepStartedAt: Started.AddMinutes(10),
        EndedAt: null,
        statusReason,
        Decisions:
        [
            new CanaryDecisionView(Started.AddMinutes(10), 0, 5, "advance", "Every gate passed after 10 min and 64 candidate executions.", "controller", 64, 1210,
            [
                new GateMeasurementView(GateMetric.ErrorRate, "successful", 0.01, 0.012, -0.002, 0.6, "−0.2 pp"),
                new GateMeasurementView(GateMetric.P95LatencyRatio, "successful", 900, 850, 1.06, null, "×1.06"),
            ]),
            new CanaryDecisionView(Started.AddMinutes(14), 1, 25, "wait", "Step 2 has run 4 of 10 min.", "controller", 31, 95,
            [
                new GateMeasurementView(GateMetric.ErrorRate, "inconclusive", 0.03, 0.012, 0.018, 0.2, "+1.8 pp, not significant"),
            ]),
        ]);

    public static CanaryDetails Aborted(string key, DateTimeOffset endedAt, string reason = "Error rate +6 pp (p = 0.001): failed 2 of 2") =>
        Running(key) with { Status = CanaryStatus.Aborted, Percent = 0, EndedAt = endedAt, StatusReason = reason };

    public static IReadOnlyList<CanaryArmPoint> Series() =>
    [
        new(Started, "baseline", 120, 0.01, 850, 0.0021),
        new(Started, "candidate", 6, 0.0, 900, 0.0019),
        new(Started.AddMinutes(1), "baseline", 118, 0.02, 860, 0.0020),
        new(Started.AddMinutes(1), "candidate", 7, 0.14, 910, 0.0018),
    ];
}
