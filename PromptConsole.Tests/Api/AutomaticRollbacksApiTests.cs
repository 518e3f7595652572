using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Api;

/// <summary>
/// Automatic rollback with the safeguards on a test clock and the simulator: v1 answers (sim-fast, no errors), v2
/// fails every call (sim-broken). Rollbacks go through the alert-ready entry point; the label, the automation status,
/// the snapshot, the recovery watch and the incident timeline are read back through the API.
/// </summary>
public abstract class AutomaticRollbacksApiTests(AutomaticRollbacksApp app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey() => $"rb-{Guid.NewGuid():N}"[..24];

    private void Advance(TimeSpan by) => app.Factory.Clock.Advance(by);

    /// <summary>v1 on production, v2 (broken) added but not deployed.</summary>
    private async Task<string> CreatePromptAsync()
    {
        var key = NewKey();
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "Hi {{name}}!", model = new { model = "sim-broken" }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        Advance(TimeSpan.FromSeconds(1));
        return key;
    }

    private async Task DeployAsync(string key, int version)
    {
        var deployed = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production", new { version, reason = $"ship v{version}" });
        Assert.True(deployed.Status == HttpStatusCode.OK, deployed.Body?.ToJsonString());
        Advance(TimeSpan.FromSeconds(1));
    }

    private Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> AutomaticRollbackAsync(string key, string reason = "error rate above 5 %") =>
        _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production/automatic-rollback", new { trigger = "alert:error-rate", reason });

    private async Task<int?> ProductionVersionAsync(string key)
    {
        var labels = await _client.GetJsonAsync($"/api/v1/prompts/{key}/labels");
        return (int?)labels.Body!.AsArray().Single(l => (string?)l!["name"] == "production")!["version"];
    }

    private async Task ExecuteAsync(string key, int times)
    {
        for (var i = 0; i < times; i++)
            await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } });
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
    }

    [Fact]
    public async Task A_fourth_automatic_rollback_within_24_hours_is_stood_down_and_the_console_and_api_say_why()
    {
        var key = await CreatePromptAsync();
        for (var i = 1; i <= 3; i++)
        {
            await DeployAsync(key, 2);
            var performed = await AutomaticRollbackAsync(key);
            Assert.True(performed.Status == HttpStatusCode.OK, performed.Body?.ToJsonString());
            Assert.True((bool)performed.Body!["performed"]!);
            Assert.Equal(1, (int?)performed.Body["label"]!["version"]);
            Assert.Equal(1, await ProductionVersionAsync(key));
            Advance(TimeSpan.FromMinutes(16));
        }

        await DeployAsync(key, 2);
        var refused = await AutomaticRollbackAsync(key);

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("https://promptconsole.dev/problems/automatic-rollback-stood-down", (string?)refused.Body!["type"]);
        var reason = (string?)refused.Body["detail"];
        Assert.Contains("3 automatic rollbacks in the last 24 hours (rolling), the limit is 3; manual only until", reason, StringComparison.Ordinal);
        Assert.NotNull((string?)refused.Body["availableAgainAt"]);
        Assert.Equal(2, await ProductionVersionAsync(key));

        var list = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/automatic-rollbacks")).Body!;
        Assert.False((bool)list["status"]!["available"]!);
        Assert.Equal(reason, (string?)list["status"]!["reason"]);
        Assert.Equal(3, (int)list["status"]!["rollbacksInLast24Hours"]!);
        Assert.Equal(3, list["rollbacks"]!.AsArray().Count);

        var timeline = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/incidents")).Body!["entries"]!.AsArray();
        Assert.Equal("stood-down", (string?)timeline[0]!["kind"]);
        Assert.Equal(reason, (string?)timeline[0]!["reason"]);
        Assert.Equal("system", (string?)timeline[0]!["actor"]);
        Assert.Equal(3, timeline.Count(e => (string?)e!["kind"] == "automatic-rollback"));

        // A human can still roll back at any time.
        var manual = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production/rollback", new { reason = "on-call: v2 still failing" });
        Assert.Equal(HttpStatusCode.OK, manual.Status);
        Assert.Equal(1, await ProductionVersionAsync(key));

        // A day after the first one, the window has room again.
        Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(3 * 16) + TimeSpan.FromMinutes(1));
        var status = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/automatic-rollbacks")).Body!["status"]!;
        Assert.True((bool)status["available"]!, status.ToJsonString());
    }

    [Fact]
    public async Task A_second_automatic_rollback_within_15_minutes_is_refused_but_a_manual_one_works()
    {
        var key = await CreatePromptAsync();
        await DeployAsync(key, 2);
        Assert.Equal(HttpStatusCode.OK, (await AutomaticRollbackAsync(key)).Status);
        Advance(TimeSpan.FromMinutes(5));
        await DeployAsync(key, 2);

        var refused = await AutomaticRollbackAsync(key);

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("last automatic rollback 5 minutes ago", (string?)refused.Body!["detail"], StringComparison.Ordinal);
        Assert.Equal(2, await ProductionVersionAsync(key));
        var status = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/automatic-rollbacks")).Body!["status"]!;
        Assert.False((bool)status["available"]!);
        Assert.Equal(1, (int)status["rollbacksInLast24Hours"]!);

        var manual = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production/rollback", new { reason = "on-call" });
        Assert.Equal(HttpStatusCode.OK, manual.Status);
        Assert.Equal(1, await ProductionVersionAsync(key));

        Advance(TimeSpan.FromMinutes(10));
        await DeployAsync(key, 2);
        Assert.Equal(HttpStatusCode.OK, (await AutomaticRollbackAsync(key)).Status);
    }

    [Fact]
    public async Task The_snapshot_is_taken_at_rollback_and_recovery_is_judged_15_minutes_later()
    {
        var key = await CreatePromptAsync();
        await DeployAsync(key, 2);
        await ExecuteAsync(key, 6);

        var performed = await AutomaticRollbackAsync(key);

        Assert.Equal(HttpStatusCode.OK, performed.Status);
        var rollback = performed.Body!["rollback"]!;
        Assert.Equal(2, (int)rollback["fromVersion"]!);
        Assert.Equal(1, (int)rollback["toVersion"]!);
        Assert.Equal("alert:error-rate", (string?)rollback["trigger"]);
        Assert.Equal(6, (long)rollback["atRollback"]!["executions"]!);
        Assert.Equal(1.0, (double)rollback["atRollback"]!["errorRate"]!);
        Assert.NotNull(rollback["atRollback"]!["p95LatencyMs"]);
        Assert.Equal("watching", (string?)rollback["recovery"]);

        Advance(TimeSpan.FromMinutes(1));
        await ExecuteAsync(key, 4);
        Advance(TimeSpan.FromMinutes(15));
        await app.Factory.Services.GetRequiredService<IAutomaticRollbacks>().CheckRecoveriesAsync();

        var watched = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/automatic-rollbacks")).Body!["rollbacks"]![0]!;
        Assert.Equal("recovered", (string?)watched["recovery"]);
        Assert.Equal(4, (long)watched["afterRollback"]!["executions"]!);
        Assert.Equal(0.0, (double)watched["afterRollback"]!["errorRate"]!);
        Assert.NotNull(watched["recoveryCheckedAt"]);

        var timeline = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/incidents")).Body!["entries"]!.AsArray();
        Assert.Equal("recovery", (string?)timeline[0]!["kind"]);
        Assert.Equal("recovered", (string?)timeline[0]!["details"]!["recovery"]);
        var automatic = timeline.Single(e => (string?)e!["kind"] == "automatic-rollback")!;
        Assert.Equal("6", (string?)automatic["details"]!["atRollback.executions"]);
        Assert.Equal("4", (string?)automatic["details"]!["afterRollback.executions"]);
    }

    [Fact]
    public async Task The_incident_timeline_lists_deploys_and_manual_and_automatic_rollbacks_newest_first()
    {
        var key = await CreatePromptAsync();
        await DeployAsync(key, 2);
        var manual = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production/rollback", new { reason = "looks wrong" });
        Assert.Equal(HttpStatusCode.OK, manual.Status);
        Advance(TimeSpan.FromSeconds(1));
        await DeployAsync(key, 2);
        Assert.Equal(HttpStatusCode.OK, (await AutomaticRollbackAsync(key, "errors spiked")).Status);

        var body = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/incidents")).Body!;

        Assert.Equal(key, (string?)body["prompt"]);
        var entries = body["entries"]!.AsArray();
        Assert.Equal(["automatic-rollback", "deploy", "rollback", "deploy", "deploy"], entries.Select(e => (string)e!["kind"]!).ToArray());
        Assert.Equal("errors spiked", (string?)entries[0]!["reason"]);
        Assert.Equal("system", (string?)entries[0]!["actor"]);
        Assert.Equal("2", (string?)entries[0]!["details"]!["fromVersion"]);
        Assert.Equal("1", (string?)entries[0]!["details"]!["toVersion"]);
        Assert.Equal("watching", (string?)entries[0]!["details"]!["recovery"]);
        Assert.Equal("looks wrong", (string?)entries[2]!["reason"]);
        Assert.Equal("label:production", (string?)entries[2]!["target"]);
        Assert.Equal("2", (string?)entries[1]!["details"]!["toVersion"]);

        var limited = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/incidents?take=2")).Body!["entries"]!.AsArray();
        Assert.Equal(2, limited.Count);
        var since = Uri.EscapeDataString((string)entries[1]!["at"]!);
        Assert.Equal(2, (await _client.GetJsonAsync($"/api/v1/prompts/{key}/incidents?since={since}")).Body!["entries"]!.AsArray().Count);
    }

    [Fact]
    public async Task Two_triggers_at_once_cannot_both_pass_the_safeguard()
    {
        var key = await CreatePromptAsync();
        var rollbacks = app.Factory.Services.GetRequiredService<IAutomaticRollbacks>();
        var moves = 0;
        async Task<PromptConsole.Domain.Common.Error?> SlowMove(CancellationToken ct)
        {
            Interlocked.Increment(ref moves);
            await Task.Delay(200, ct);
            return null;
        }

        var request = new AutomaticRollbackRequest(key, "production", 2, 1, "canary:c1", "error rate gate failed");
        var outcomes = await Task.WhenAll(
            rollbacks.TryRollBackAsync(request, SlowMove),
            rollbacks.TryRollBackAsync(request with { Trigger = "alert:error-rate" }, SlowMove));

        Assert.Equal(1, outcomes.Count(o => o.Performed));
        Assert.Equal(1, moves);
        Assert.Contains("less than a minute ago", outcomes.Single(o => !o.Performed).StoodDownReason, StringComparison.Ordinal);
        Assert.Single(await rollbacks.ListAsync(key));
    }

    [Fact]
    public async Task A_move_that_fails_is_not_a_rollback_and_does_not_count()
    {
        var key = await CreatePromptAsync();
        var rollbacks = app.Factory.Services.GetRequiredService<IAutomaticRollbacks>();

        var outcome = await rollbacks.TryRollBackAsync(
            new AutomaticRollbackRequest(key, "production", 2, 1, "canary:c1", "gate failed"),
            _ => Task.FromResult<PromptConsole.Domain.Common.Error?>(PromptConsole.Domain.Common.Error.Conflict("revision-conflict", "moved meanwhile")));

        Assert.False(outcome.Performed);
        Assert.Contains("moved meanwhile", outcome.StoodDownReason, StringComparison.Ordinal);
        Assert.Empty(await rollbacks.ListAsync(key));
        Assert.True((await rollbacks.GetStatusAsync(key)).Available);
    }

    [Fact]
    public async Task Bad_requests_are_problems_not_errors()
    {
        var key = await CreatePromptAsync();

        var missing = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production/automatic-rollback", new { trigger = "" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(["trigger", "reason"], missing.Body!["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToArray());

        Assert.Equal(HttpStatusCode.Conflict, (await AutomaticRollbackAsync(key)).Status);
        Assert.Equal("https://promptconsole.dev/problems/nothing-to-roll-back", (string?)(await AutomaticRollbackAsync(key)).Body!["type"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/staging/automatic-rollback", new { trigger = "t", reason = "r" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync("/api/v1/prompts/no-such-prompt/incidents")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync("/api/v1/prompts/no-such-prompt/automatic-rollbacks")).Status);
        var badQuery = await _client.GetJsonAsync($"/api/v1/prompts/{key}/incidents?since=yesterday&take=0");
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.Status);
        Assert.Equal(["since", "take"], badQuery.Body!["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToArray());
    }
}

/// <summary>The app on a test clock, with "sim-broken" (every call fails) from the shared fixture's settings.</summary>
public abstract class AutomaticRollbacksApp : IDisposable
{
    protected AutomaticRollbacksApp(TestDatabaseProvider provider)
    {
        Factory = new ClockedPromptConsoleFactory(provider);
        Factory
            .WithSetting("PromptConsole:Providers:broken:Kind", "Simulator")
            .WithSetting("PromptConsole:Providers:broken:ErrorRate", "1")
            .WithSetting("PromptConsole:Providers:broken:LatencyMedianMs", "0")
            .WithSetting("PromptConsole:Providers:broken:LatencyP95Ms", "0")
            .WithSetting("PromptConsole:Models:sim-broken:Provider", "broken")
            .WithSetting("PromptConsole:Models:sim-broken:InputPer1K", "0.001")
            .WithSetting("PromptConsole:Models:sim-broken:OutputPer1K", "0.002")
            .WithSetting("PromptConsole:Resilience:MaxRetries", "0");
        Client = Factory.CreateClient();
    }

    public ClockedPromptConsoleFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class AutomaticRollbacksSqliteApp() : AutomaticRollbacksApp(TestDatabaseProvider.Sqlite);

public sealed class AutomaticRollbacksPostgresApp() : AutomaticRollbacksApp(TestDatabaseProvider.Postgres);

public sealed class AutomaticRollbacksApiOnSqlite(AutomaticRollbacksSqliteApp app) : AutomaticRollbacksApiTests(app), IClassFixture<AutomaticRollbacksSqliteApp>;

public sealed class AutomaticRollbacksApiOnPostgres(AutomaticRollbacksPostgresApp app) : AutomaticRollbacksApiTests(app), IClassFixture<AutomaticRollbacksPostgresApp>;
