using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Audit;
using PromptConsole.Tests.Providers;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The alert service on a test clock with the real database, metrics store, canary service and automatic rollbacks,
/// and fakes of the channels and the SLO evaluator: an SLO burning at 20× pages, repeats, escalates when nobody
/// acknowledges, resolves when the burn stops; an acknowledged alert neither repeats nor escalates; a rollback action
/// goes through the safeguards (a second one within 15 minutes stands down).
/// </summary>
public abstract class AlertEvaluationTests(ClockedAlertsApp app)
{
    private readonly HttpClient _client = app.Client;

    private IAlertService Alerts => app.Factory.Services.GetRequiredService<IAlertService>();

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private async Task<string> CreatePromptAsync(string model = "sim-fast")
    {
        var key = NewKey("burn");
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model }, variables = new object[] { new { name = "name" } } });
        return key;
    }

    private async Task<AlertView> OnlyOpenAlertAsync(Guid ruleId) =>
        Assert.Single(await Alerts.ListAlertsAsync(new AlertQuery(RuleId: ruleId)), a => a.Status != "resolved");

    private async Task<IReadOnlyList<string>> AuditActionsAsync(string prompt, Guid alertId)
    {
        var audit = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAuditAsync(new AuditQuery(PromptKey: prompt, Take: 500));
        return audit.Where(a => a.Target == AlertService.AlertTarget(alertId)).OrderBy(a => a.At).Select(a => a.Action).ToArray();
    }

    [Fact]
    public async Task A_burning_slo_pages_repeats_escalates_when_not_acknowledged_and_resolves_when_the_burn_stops()
    {
        var prompt = await CreatePromptAsync();
        var pager = app.Channels.Add("pager");
        var manager = app.Channels.Add("manager");
        var slo = app.Slos.Add("availability 99.5", prompt);
        var created = await Alerts.CreateRuleAsync(
            new AlertRuleCommand("checkout burn", null, "slo-burn", null, null, "ticket", ["notify"], [pager.Id], manager.Id, "15m", "5m", null, null, true, slo),
            "ops");
        Assert.True(created.IsSuccess, created.Error?.Message);
        var rule = created.Value.Id;

        // Quiet: nothing fires.
        await Alerts.EvaluateAsync();
        Assert.Empty(await Alerts.ListAlertsAsync(new AlertQuery(RuleId: rule)));

        // The burn is planted at 20×: the SLO's page condition holds, so the ticket rule fires as a page.
        app.Slos.Burn(slo, "page", 20);
        await Alerts.EvaluateAsync();
        var first = await OnlyOpenAlertAsync(rule);
        Assert.Equal(("page", "firing", prompt), (first.Severity, first.Status, first.Prompt));
        Assert.Equal(20, first.Value);
        Assert.Equal(slo, first.SloId);
        Assert.Equal(["firing"], app.Channels.KindsFor(first.Id, pager.Id));

        // Five minutes on, nobody acknowledged: a repeat; ten more, the escalation (once) and another repeat.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Alerts.EvaluateAsync();
        Assert.Equal(["firing", "repeat"], app.Channels.KindsFor(first.Id, pager.Id));
        Assert.Empty(app.Channels.KindsFor(first.Id, manager.Id));

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await Alerts.EvaluateAsync();
        Assert.Equal(["escalation"], app.Channels.KindsFor(first.Id, manager.Id));
        Assert.Equal(["firing", "repeat", "repeat"], app.Channels.KindsFor(first.Id, pager.Id));
        var escalated = (await Alerts.GetAlertAsync(first.Id)).Value;
        Assert.Equal(app.Clock.GetUtcNow(), escalated.EscalatedAt);
        Assert.Contains("escalation: not acknowledged within 15m", escalated.ActionsTaken);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Alerts.EvaluateAsync();
        Assert.Equal(["escalation"], app.Channels.KindsFor(first.Id, manager.Id));

        // The burn stops: resolved, and the channels are told.
        app.Slos.Burn(slo, null, 0.5);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await Alerts.EvaluateAsync();
        var resolved = (await Alerts.GetAlertAsync(first.Id)).Value;
        Assert.Equal("resolved", resolved.Status);
        Assert.Equal(app.Clock.GetUtcNow(), resolved.ResolvedAt);
        Assert.Equal("resolved", app.Channels.KindsFor(first.Id, pager.Id)[^1]);
        Assert.Equal([AuditActions.AlertFired, AuditActions.AlertEscalated, AuditActions.AlertResolved], await AuditActionsAsync(prompt, first.Id));

        // It burns again: another alert. Acknowledged at once, it neither repeats nor escalates, and still resolves.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        app.Slos.Burn(slo, "page", 20);
        await Alerts.EvaluateAsync();
        var second = await OnlyOpenAlertAsync(rule);
        Assert.NotEqual(first.Id, second.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var acknowledged = await Alerts.AcknowledgeAsync(second.Id, "ada", "on it");
        Assert.Equal(("acknowledged", "ada"), (acknowledged.Value.Status, acknowledged.Value.AcknowledgedBy));
        Assert.Equal("alert-acknowledged", (await Alerts.AcknowledgeAsync(second.Id, "bob", null)).Error!.Code);

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await Alerts.EvaluateAsync();
        Assert.Equal(["firing"], app.Channels.KindsFor(second.Id, pager.Id));
        Assert.Empty(app.Channels.KindsFor(second.Id, manager.Id));
        Assert.Null((await Alerts.GetAlertAsync(second.Id)).Value.EscalatedAt);

        app.Slos.Burn(slo, null, 0);
        await Alerts.EvaluateAsync();
        Assert.Equal("resolved", (await Alerts.GetAlertAsync(second.Id)).Value.Status);
        Assert.Equal(["firing", "resolved"], app.Channels.KindsFor(second.Id, pager.Id));
        Assert.Equal("alert-resolved", (await Alerts.AcknowledgeAsync(second.Id, "bob", null)).Error!.Code);
        Assert.Equal([AuditActions.AlertFired, AuditActions.AlertAcknowledged, AuditActions.AlertResolved], await AuditActionsAsync(prompt, second.Id));

        // The story is on the prompt's incident timeline.
        var timeline = await app.Factory.Services.GetRequiredService<IIncidentTimeline>().GetAsync(prompt, null, 100);
        Assert.Equal(6, timeline.Value.Count(e => e.Kind == IncidentKinds.Alert));
    }

    [Fact]
    public async Task A_rollback_action_goes_through_the_safeguards_and_a_second_within_15_minutes_stands_down()
    {
        // v1 works; v2 on a model whose every call fails serves production.
        var prompt = await CreatePromptAsync();
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/versions", new { template = "Hi {{name}}!", model = new { model = "sim-broken" }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production", new { version = 2 })).Status);
        var failures = await Alerts.CreateRuleAsync(
            new AlertRuleCommand("provider down", prompt, "provider-failures", 5, "5m", "page", ["rollback"], [], null, null, null, null, null, true), "ops");
        Assert.True(failures.IsSuccess, failures.Error?.Message);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await TrafficAsync(prompt, 10);
        await Alerts.EvaluateAsync();

        var first = await OnlyOpenAlertAsync(failures.Value.Id);
        Assert.Equal(["rollback: performed, production v2 → v1"], first.ActionsTaken);
        Assert.Equal(1, await ProductionVersionAsync(prompt));
        var rollbacks = await app.Factory.Services.GetRequiredService<IAutomaticRollbacks>().ListAsync(prompt);
        Assert.Equal("alert:provider down", Assert.Single(rollbacks).Trigger);

        // Ten minutes later someone deploys v2 again; it fails again and a second rule fires within 15 minutes.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production", new { version = 2 })).Status);
        var successRate = await Alerts.CreateRuleAsync(
            new AlertRuleCommand("success down", prompt, "success-rate-drop", 0.5, "5m", "page", ["rollback"], [], null, null, null, "production", null, true), "ops");
        Assert.True(successRate.IsSuccess, successRate.Error?.Message);
        await TrafficAsync(prompt, 25);
        await Alerts.EvaluateAsync();

        var second = await OnlyOpenAlertAsync(successRate.Value.Id);
        var taken = Assert.Single(second.ActionsTaken);
        Assert.StartsWith("rollback: stood down: last automatic rollback 10 minutes ago", taken, StringComparison.Ordinal);
        Assert.Equal(2, await ProductionVersionAsync(prompt));
        Assert.Single(await app.Factory.Services.GetRequiredService<IAutomaticRollbacks>().ListAsync(prompt));

        // The first alert kept firing without acting again; the audit says what each did.
        Assert.Equal(first.ActionsTaken, (await Alerts.GetAlertAsync(first.Id)).Value.ActionsTaken);
        var audit = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAuditAsync(new AuditQuery(PromptKey: prompt, Take: 200));
        Assert.Contains(audit, a => a.Action == AuditActions.AlertFired && a.Target == AlertService.AlertTarget(second.Id) && a.Summary.Contains("stood down", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == AuditActions.RollbackStoodDown);
    }

    [Fact]
    public async Task A_pause_canary_action_pauses_the_running_canary_in_the_alert_s_name_and_stands_down_when_none_runs()
    {
        var prompt = await CreatePromptAsync();
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/versions", new { template = "Hi {{name}}!", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        var started = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries", new { candidateVersion = 2, steps = new[] { 10, 100 }, stepMinutes = 60, minExecutionsPerStep = 1000, reason = "shorter greeting" });
        Assert.True(started.Status == HttpStatusCode.Created, started.Body?.ToJsonString());
        var canaryKey = (string)started.Body!["key"]!;
        var slo = app.Slos.Add("latency 95 % under 2 s", prompt);
        var guard = await Alerts.CreateRuleAsync(
            new AlertRuleCommand("canary guard", prompt, "slo-burn", null, null, "ticket", ["pause-canary"], [], null, null, null, null, null, true, slo), "ops");
        Assert.True(guard.IsSuccess, guard.Error?.Message);

        app.Slos.Burn(slo, "ticket", 8);
        await Alerts.EvaluateAsync();

        var alert = await OnlyOpenAlertAsync(guard.Value.Id);
        Assert.Equal([$"pause-canary: performed, canary {canaryKey} paused at 10 %"], alert.ActionsTaken);
        Assert.Equal("ticket", alert.Severity);
        var canary = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/canaries")).Body!.AsArray().Single()!;
        Assert.Equal("paused", (string?)canary["status"]);
        Assert.Equal("alert:canary guard", (string?)canary["decisions"]!.AsArray()[^1]!["actor"]);

        // Resolved, then burning again while the canary is still paused: nothing to pause.
        app.Slos.Burn(slo, null, 0);
        await Alerts.EvaluateAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        app.Slos.Burn(slo, "ticket", 8);
        await Alerts.EvaluateAsync();
        var again = await OnlyOpenAlertAsync(guard.Value.Id);
        Assert.Equal([$"pause-canary: stood down: canary {canaryKey} is already paused"], again.ActionsTaken);
    }

    private async Task TrafficAsync(string prompt, int count)
    {
        for (var i = 0; i < count; i++)
            await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" } });
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
    }

    private async Task<int> ProductionVersionAsync(string prompt)
    {
        var labels = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}")).Body!["labels"]!.AsArray();
        return (int)labels.Single(l => (string?)l!["name"] == "production")!["version"]!;
    }
}

public abstract class ClockedAlertsApp : AlertsApp
{
    private protected ClockedAlertsApp(TestDatabaseProvider provider, ManualTimeProvider clock)
        : base(provider, clock)
    {
        Clock = clock;
    }

    internal ManualTimeProvider Clock { get; }
}

public sealed class SqliteClockedAlertsApp() : ClockedAlertsApp(TestDatabaseProvider.Sqlite, new ManualTimeProvider());

public sealed class PostgresClockedAlertsApp() : ClockedAlertsApp(TestDatabaseProvider.Postgres, new ManualTimeProvider());

public sealed class AlertEvaluationOnSqlite(SqliteClockedAlertsApp app) : AlertEvaluationTests(app), IClassFixture<SqliteClockedAlertsApp>;

public sealed class AlertEvaluationOnPostgres(PostgresClockedAlertsApp app) : AlertEvaluationTests(app), IClassFixture<PostgresClockedAlertsApp>;
