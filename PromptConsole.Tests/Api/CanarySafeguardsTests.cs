using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Providers;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Api;

/// <summary>
/// Canaries with the real automatic rollbacks, golden gate and incident timeline (the canaries API tests use fakes
/// of the first two): a failed canary's abort is an automatic rollback with a snapshot and a recovery watch; a
/// second failure within 15 minutes finds automation stood down, so the canary pauses and says why; a prompt that
/// requires a golden pass refuses a canary of an unrun version unless overridden with a reason.
/// </summary>
public abstract class CanarySafeguardsTests(CanarySafeguardsApp app)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private const int MinExecutionsPerStep = 10;

    private readonly HttpClient _client = app.Client;

    /// <summary>v1 on the instant simulator serves production; v2 runs on a model whose every call fails.</summary>
    private async Task<string> CreatePromptAsync()
    {
        var key = $"safe-{Guid.NewGuid():N}"[..20];
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "Hi {{name}}!", model = new { model = "sim-broken" }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        return key;
    }

    private async Task<string> StartAsync(string prompt)
    {
        var started = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries", new { candidateVersion = 2, steps = new[] { 50, 100 }, stepMinutes = 5, minExecutionsPerStep = MinExecutionsPerStep, reason = "shorter greeting" });
        Assert.True(started.Status == HttpStatusCode.Created, started.Body?.ToJsonString());
        return (string)started.Body!["key"]!;
    }

    /// <summary>
    /// At least <paramref name="count"/> executions, and more until the candidate has had a few over the canary's
    /// minimum per step: subjects are random, so 40 alone left the candidate 9 of the 10 it needs now and then (the
    /// canary then rightly kept collecting). The candidate's model fails every call, so a failed execution is the
    /// candidate's.
    /// </summary>
    private async Task TrafficAsync(string prompt, int count)
    {
        const int candidateWanted = MinExecutionsPerStep + 2;
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var candidate = 0;
        for (var i = 0; i < count || candidate < candidateWanted; i++)
        {
            Assert.True(i < 20 * count, $"the candidate had {candidate} of {i} executions");
            var executed = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" }, subject = $"{prefix}-{i}" });
            if (executed.Status != HttpStatusCode.OK)
                candidate++;
        }

        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
    }

    /// <summary>Moves the clock one analysis interval and waits until the canary leaves the running state.</summary>
    private async Task<JsonNode> AnalyseUntilDecidedAsync(string prompt, string canaryKey)
    {
        app.Clock.Advance(Interval);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var canary = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/canaries")).Body!.AsArray().Single(c => (string?)c!["key"] == canaryKey)!;
            if ((string?)canary["status"] != "running")
                return canary;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No decision after one analysis interval: {canary.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The rollback is recorded just after the canary is saved as aborted: read once it is there. The endpoint reads the
    /// status before the list, so a read that straddles the write can list the rollback but not count it yet: wait
    /// until both agree.
    /// </summary>
    private async Task<JsonNode> RollbacksOnceRecordedAsync(string prompt, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var body = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/automatic-rollbacks")).Body!;
            var recorded = body["rollbacks"]!.AsArray().Count >= count && (int)body["status"]!["rollbacksInLast24Hours"]! >= count;
            if (recorded || DateTime.UtcNow > deadline)
                return body;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_failed_canary_rolls_back_once_then_automation_stands_down_and_the_next_failure_pauses_with_the_reason()
    {
        var prompt = await CreatePromptAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var first = await StartAsync(prompt);
        await TrafficAsync(prompt, 40);
        var aborted = await AnalyseUntilDecidedAsync(prompt, first);
        Assert.Equal("rolledBack", (string?)aborted["status"]);

        var afterFirst = await RollbacksOnceRecordedAsync(prompt, 1);
        var rollback = afterFirst["rollbacks"]!.AsArray().Single()!;
        Assert.Equal($"canary:{first}", (string?)rollback["trigger"]);
        Assert.Equal((2, 1), ((int)rollback["fromVersion"]!, (int)rollback["toVersion"]!));
        Assert.True((long)rollback["atRollback"]!["executions"]! > 0, rollback.ToJsonString());
        Assert.Equal(1.0, (double)rollback["atRollback"]!["errorRate"]!);
        Assert.Equal("watching", (string?)rollback["recovery"]);
        Assert.False((bool)afterFirst["status"]!["available"]!, afterFirst.ToJsonString());

        // Ten minutes later a second canary of the same version fails: within 15 minutes of the first rollback.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await StartAsync(prompt);
        await TrafficAsync(prompt, 40);
        var paused = await AnalyseUntilDecidedAsync(prompt, second);

        Assert.Equal("paused", (string?)paused["status"]);
        Assert.Contains("15 minutes", (string?)paused["statusReason"], StringComparison.Ordinal);
        var afterSecond = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/automatic-rollbacks")).Body!;
        Assert.Single(afterSecond["rollbacks"]!.AsArray());
        Assert.Contains("15 minutes", (string?)afterSecond["status"]!["reason"], StringComparison.Ordinal);

        // A human aborts a minute later; the timeline tells the story newest first.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var abort = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/abort", new { reason = "second failure, investigating" });
        Assert.Equal(HttpStatusCode.OK, abort.Status);
        var entries = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/incidents")).Body!["entries"]!.AsArray().Select(e => e!).ToArray();
        var kinds = entries.Select(e => $"{e["kind"]}:{e["action"]}").ToArray();
        Assert.Equal("canary:canary.aborted", kinds[0]);
        Assert.Contains("stood-down:rollback.stood-down", kinds);
        Assert.Contains("automatic-rollback:rollback.automatic", kinds);
        Assert.True(Array.IndexOf(kinds, "stood-down:rollback.stood-down") < Array.IndexOf(kinds, "automatic-rollback:rollback.automatic"));
        Assert.Equal("deploy:label.deployed", kinds[^1]);
        var labels = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}")).Body!["labels"]!.AsArray();
        Assert.Equal(1, (int)labels.Single(l => (string?)l!["name"] == "production")!["version"]!);
    }

    [Fact]
    public async Task A_prompt_that_requires_a_golden_pass_refuses_a_canary_of_an_unrun_version_unless_overridden()
    {
        var prompt = await CreatePromptAsync();
        var case1 = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/golden-cases", new { name = "greets Ada", variables = new { name = "Ada" }, expectations = new { maxLatencyMs = 60_000 } });
        Assert.Equal(HttpStatusCode.Created, case1.Status);
        var policy = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{prompt}/golden-policy", new { requireGoldenPass = true });
        Assert.Equal(HttpStatusCode.OK, policy.Status);

        var refused = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries", new { candidateVersion = 2, reason = "try it" });
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("https://promptconsole.dev/problems/golden-gate", (string?)refused.Body!["type"]);
        Assert.Equal("candidateVersion", (string?)refused.Body["errors"]![0]!["field"]);

        var overridden = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries", new { candidateVersion = 2, reason = "try it", overrideReason = "golden set is being rewritten" });
        Assert.Equal(HttpStatusCode.Created, overridden.Status);
        var audit = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/audit")).Body!.AsArray();
        Assert.Contains(audit, e => (string?)e!["action"] == "golden.gate-overridden" && (string?)e["reason"] == "golden set is being rewritten");
    }
}

public abstract class CanarySafeguardsApp : ApiAppFixture
{
    private protected CanarySafeguardsApp(TestDatabaseProvider provider, ManualTimeProvider clock)
        // No retries: a retry waits on the test clock, which only the test moves.
        : base(provider, ExperimentsApp.FlakySettings, factory => factory.WithServices(services => services.AddSingleton<TimeProvider>(clock)))
    {
        Clock = clock;
    }

    internal ManualTimeProvider Clock { get; }
}

public sealed class SqliteCanarySafeguardsApp() : CanarySafeguardsApp(TestDatabaseProvider.Sqlite, new ManualTimeProvider());

public sealed class PostgresCanarySafeguardsApp() : CanarySafeguardsApp(TestDatabaseProvider.Postgres, new ManualTimeProvider());

public sealed class CanarySafeguardsOnSqlite(SqliteCanarySafeguardsApp app) : CanarySafeguardsTests(app), IClassFixture<SqliteCanarySafeguardsApp>;

public sealed class CanarySafeguardsOnPostgres(PostgresCanarySafeguardsApp app) : CanarySafeguardsTests(app), IClassFixture<PostgresCanarySafeguardsApp>;
