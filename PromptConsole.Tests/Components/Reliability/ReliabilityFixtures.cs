using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Reports;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>SLOs, alerts, channels, calibration and reports as the services would return them, for the console's tests.</summary>
public static class ReliabilityFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    public static readonly Guid SloId = Guid.Parse("5a0b1c2d-0000-4000-8000-000000000001");

    public static readonly Guid AlertId = Guid.Parse("a1e7a1e7-0000-4000-8000-000000000001");

    public static readonly Guid RuleId = Guid.Parse("7c1e0000-0000-4000-8000-000000000001");

    public static readonly Guid ChannelId = Guid.Parse("c4a11e10-0000-4000-8000-000000000001");

    public static SloView Slo(Guid? id = null, string name = "greeting availability", string? prompt = "greeting", string indicator = "availability",
        double objective = 99.5, int periodDays = 28, double? latencyThresholdMs = null, double? qualityThreshold = null) =>
        new(id ?? SloId, name, prompt, indicator, objective, periodDays, latencyThresholdMs, qualityThreshold, Now.AddDays(-3), Now.AddDays(-3));

    public static IReadOnlyDictionary<string, double?> Rates(double? fiveMinutes = 0.5, double? thirtyMinutes = 0.5, double? oneHour = 0.5,
        double? sixHours = 0.5, double? oneDay = 0.5, double? threeDays = 0.5) =>
        new Dictionary<string, double?>
        {
            ["5m"] = fiveMinutes,
            ["30m"] = thirtyMinutes,
            ["1h"] = oneHour,
            ["6h"] = sixHours,
            ["1d"] = oneDay,
            ["3d"] = threeDays,
        };

    public static SloStatusView Status(SloView slo, double budget = 0.8, IReadOnlyDictionary<string, double?>? rates = null, string? burning = null,
        IReadOnlyList<AlertView>? alerts = null, double? sli = 0.999, long events = 10_000, long badEvents = 10) =>
        new(slo.Id, slo.Name, slo.Prompt, slo.Indicator, slo.Objective, slo.PeriodDays, budget, sli, events, badEvents, rates ?? Rates(), burning,
            burning is null ? null : $"burn ≥ 14.4 over 1h and 5m", alerts ?? [], Now);

    public static NotificationAttemptView Attempt(int attempt, bool succeeded, string kind = "firing", int? statusCode = null, string? error = null,
        Guid? channelId = null, string channelName = "oncall-webhook") =>
        new(Guid.NewGuid(), channelId ?? ChannelId, channelName, kind, attempt, Now.AddMinutes(-9).AddSeconds(attempt), succeeded,
            statusCode ?? (succeeded ? 200 : 502), succeeded ? null : error ?? "Bad gateway");

    public static AlertView Alert(Guid? id = null, string status = "firing", string severity = "page", Guid? sloId = null, string name = "greeting burns its budget",
        string? prompt = "greeting", IReadOnlyList<NotificationAttemptView>? notifications = null, DateTimeOffset? startedAt = null) =>
        new(id ?? AlertId, RuleId, sloId, name, prompt, severity, status, "burn ×20.1 over 1h and ×21.0 over 5m", 20.1, 14.4,
            startedAt ?? Now.AddMinutes(-10),
            status == "acknowledged" ? Now.AddMinutes(-5) : null, status == "acknowledged" ? "alice" : null, null,
            status == "resolved" ? Now.AddMinutes(-1) : null, ["notify"], notifications ?? [Attempt(1, false), Attempt(2, true)]);

    public static AlertRuleView Rule(Guid? id = null, string name = "error spike", string condition = "error-rate-spike", Guid? slo = null,
        IReadOnlyList<Guid>? channels = null, Guid? escalation = null) =>
        new(id ?? RuleId, name, "greeting", condition, 0.05, "5m", "page", ["notify"], channels ?? [ChannelId], escalation, escalation is null ? null : "15m",
            "1h", "production", null, true, slo, Now.AddDays(-1), Now.AddDays(-1));

    public static ChannelView Channel(Guid? id = null, string name = "oncall-webhook", string type = "webhook", bool hasSecret = true) =>
        new(id ?? ChannelId, name, type, "https://hooks.example.test/oncall", hasSecret, false, true, Now.AddDays(-2), Now.AddDays(-2));

    public static DailyFigures Figures(long executions = 1000, double? errorRate = 0.02, double? p95 = 850, decimal cost = 1.25m) =>
        new(executions, new Dictionary<string, long> { ["timeout"] = 12, ["rate-limit"] = 8 }, errorRate, 300, p95, 1400, cost,
            executions == 0 ? null : cost / executions, 120_000, 40_000, 250, 0.12m, 40, 4.1, 300, 0.82);

    public static DailyEvents Events(int deploys = 1, int alerts = 2) => new(deploys, 0, 0, 1, 0, 1, alerts);

    public static DailyPromptReport Section(string? prompt, DailyFigures? day = null, DailyFigures? previous = null) =>
        new(prompt, day ?? Figures(), previous ?? Figures(executions: 800, errorRate: 0.01, p95: 900, cost: 1.00m), Events(), Events(deploys: 0, alerts: 0),
            prompt is null ? null : "well-calibrated", prompt is null ? [] : [new DailySloLine(SloId, "greeting availability", "availability", 99.5, 0.62)]);

    public static DailyReport Report(DateOnly date) =>
        new(date, new DateTimeOffset(date.AddDays(1).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero), Section(null), [Section("greeting")]);

    public static DailyReportSummary Summary(DateOnly date, long executions = 1000) => new(date, Now, executions, 0.02, 1.25m);

    public static PromptCalibration Calibration(string prompt, params EvaluatorCalibration[] evaluators) => new(prompt, Now.AddDays(-28), Now, evaluators);

    public static EvaluatorCalibration Evaluator(string name = "helpfulness", long pairs = 120, double? meanDelta = 0.42, string status = "minor-drift") =>
        new(name, pairs, meanDelta, meanDelta is { } d ? Math.Abs(d) + 0.1 : null, status,
            [new CalibrationTrendPoint(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-2), 40, 0.3), new CalibrationTrendPoint(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-1), 80, 0.5)]);
}
