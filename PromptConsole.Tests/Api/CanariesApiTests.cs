using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Tests.Providers;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The canaries API on the real app with a test clock: the analysis controller ticks when the test moves time
/// by the analysis interval (30 s). v1 serves production on the instant simulator; a bad candidate runs on
/// "sim-flaky" (40 % of calls fail). Automatic rollbacks and the golden gate are fakes here, to drive each of
/// their answers; <see cref="CanarySafeguardsTests"/> runs canaries with the real ones.
/// </summary>
public abstract class CanariesApiTests(CanaryApp app)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>A prompt with v1 on sim-fast (production) and v2 on <paramref name="secondModel"/>.</summary>
    private async Task<string> CreatePromptAsync(string secondModel = "sim-fast")
    {
        var key = NewKey("can");
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "Hi {{name}}!", model = new { model = secondModel }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        return key;
    }

    private async Task<JsonNode> StartAsync(string prompt, object body)
    {
        var started = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries", body);
        Assert.True(started.Status == HttpStatusCode.Created, started.Body?.ToJsonString());
        Assert.Equal($"/api/v1/prompts/{prompt}/canaries/current", started.Response.Headers.Location?.OriginalString);
        return started.Body!;
    }

    private Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> ExecuteAsync(string prompt, string? subject) =>
        _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" }, subject });

    /// <summary>
    /// Runs <paramref name="count"/> executions with fresh subjects, and more until version 2 (the candidate) has had at
    /// least <paramref name="candidateAtLeast"/> (subjects are random, so a share alone can fall short of a step's
    /// minimum now and then); waits until they are in the database.
    /// </summary>
    private async Task TrafficAsync(string prompt, int count, int candidateAtLeast = 0)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var candidate = 0;
        for (var i = 0; i < count || candidate < candidateAtLeast; i++)
        {
            Assert.True(i < 20 * count, $"the candidate had {candidate} of {i} executions");
            var executed = await ExecuteAsync(prompt, $"{prefix}-{i}");
            if ((int?)executed.Body?["prompt"]?["version"] == 2)
                candidate++;
        }

        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
    }

    private async Task<JsonNode> LatestAsync(string prompt) => (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/canaries")).Body![0]!;

    /// <summary>Moves the clock by one analysis interval and waits for the controller's analysis of the prompt's canary.</summary>
    private async Task<JsonNode> TickAsync(string prompt)
    {
        var before = await LatestAsync(prompt);
        var beforeDecision = before["decisions"]!.AsArray()[^1]!.ToJsonString();
        var target = app.Clock.GetUtcNow() + Interval;
        app.Clock.Advance(Interval);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var canary = await LatestAsync(prompt);
            var last = canary["decisions"]!.AsArray()[^1]!;
            if ((DateTimeOffset)last["at"]! >= target || last.ToJsonString() != beforeDecision)
                return canary;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No analysis after the tick to {target:O}: {canary.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    private async Task<IReadOnlyList<JsonNode>> AuditAsync(string prompt) =>
        (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/audit")).Body!.AsArray().Select(e => e!).ToArray();

    [Fact]
    public async Task A_bad_candidate_is_aborted_within_one_analysis_interval_and_traffic_returns_to_the_baseline()
    {
        var prompt = await CreatePromptAsync("sim-flaky");
        var started = await StartAsync(prompt, new { candidateVersion = 2, steps = new[] { 20, 50, 100 }, stepMinutes = 5, minExecutionsPerStep = 20, reason = "new greeting" });
        var key = (string)started["key"]!;
        Assert.Equal("running", (string?)started["status"]);
        Assert.Equal(1, (int)started["baselineVersion"]!);
        Assert.Equal(20, (int)started["percent"]!);
        Assert.Equal(4, started["gates"]!.AsArray().Count);

        await TrafficAsync(prompt, 300);
        var canary = await TickAsync(prompt);

        Assert.Equal("rolledBack", (string?)canary["status"]);
        Assert.Contains("errorRate failed", (string?)canary["statusReason"]);
        var abort = canary["decisions"]!.AsArray()[^1]!;
        Assert.Equal("abort", (string?)abort["action"]);
        Assert.Equal("system", (string?)abort["actor"]);
        Assert.True((long)abort["candidateExecutions"]! >= 20);
        Assert.Equal("failed", (string?)abort["measurements"]!.AsArray().Single(m => (string?)m!["metric"] == "errorRate")!["phase"]);

        var rollback = Assert.Single(app.Rollbacks.Requests, r => r.PromptKey == prompt);
        Assert.Equal(("production", 2, 1, $"canary:{key}"), (rollback.Label, rollback.FromVersion, rollback.ToVersion, rollback.Trigger));

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/canaries/current")).Status);
        for (var i = 0; i < 40; i++)
        {
            var executed = await ExecuteAsync(prompt, $"after-{i}");
            Assert.Equal(HttpStatusCode.OK, executed.Status);
            Assert.Equal(1, (int)executed.Body!["prompt"]!["version"]!);
            Assert.Equal("label", (string?)executed.Body["route"]!["kind"]);
        }

        var service = app.Factory.Services.GetRequiredService<ICanaryService>();
        Assert.Contains(await service.ListAllAsync(app.Clock.GetUtcNow().AddHours(-1)), c => c.Key == key && c.Status == CanaryStatus.RolledBack);
        Assert.DoesNotContain(await service.ListAllAsync(), c => c.Key == key);
        var series = (await service.GetSeriesAsync(key)).Value;
        Assert.Contains(series, p => p.Arm == "candidate" && p.ErrorRate > 0.1);
        Assert.Contains(series, p => p.Arm == "baseline" && p.ErrorRate == 0);

        var audit = await AuditAsync(prompt);
        Assert.Contains(audit, e => (string?)e["action"] == "canary.started" && (string?)e["reason"] == "new greeting");
        var aborted = Assert.Single(audit, e => (string?)e["action"] == "canary.aborted");
        Assert.Equal($"canary v2 on production: rolled back at step 1 (20 %), all traffic back on v1", (string?)aborted["summary"]);
        Assert.Equal($"canary:{key}", (string?)aborted["target"]);
    }

    [Fact]
    public async Task A_good_candidate_is_promoted_through_every_step()
    {
        var prompt = await CreatePromptAsync();
        var gates = new object[]
        {
            new { metric = "errorRate", successCondition = "<= 0.02", failureCondition = new { @operator = ">", threshold = 0.05 } },
            new { metric = "p95LatencyRatio" },
            new { metric = "checkFailureRate", failureCondition = "result > 0.1", statistical = true },
        };
        var started = await StartAsync(prompt, new { candidateVersion = 2, steps = new[] { 25, 50, 100 }, stepMinutes = 1, minExecutionsPerStep = 10, gates });
        var view = started["gates"]!.AsArray();
        Assert.Equal("result > 0.05", (string?)view[0]!["failureCondition"]!["text"]);
        Assert.Equal("result <= 1.2", (string?)view[1]!["successCondition"]!["text"]);
        Assert.Null(view[2]!["successCondition"]);
        Assert.True((bool)view[2]!["statistical"]!);

        foreach (var (percent, next) in new[] { (25, 50), (50, 100) })
        {
            Assert.Equal(percent, (int)(await LatestAsync(prompt))["percent"]!);
            await TrafficAsync(prompt, 80, candidateAtLeast: 12);
            var halfway = await TickAsync(prompt);
            Assert.Equal("wait", (string?)halfway["decisions"]!.AsArray()[^1]!["action"]);
            var advanced = await TickAsync(prompt);
            Assert.True(next == (int)advanced["percent"]!, advanced.ToJsonString());
        }

        // At 100 % the candidate takes everything; its gates compare with the baseline of the step before.
        await TrafficAsync(prompt, 30);
        await TickAsync(prompt);
        var promoted = await TickAsync(prompt);
        Assert.True((string?)promoted["status"] == "promoted", promoted.ToJsonString());
        Assert.Equal(["start", "wait", "advance", "wait", "advance", "wait", "promote"], promoted["decisions"]!.AsArray().Select(d => (string?)d!["action"]));

        var label = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/labels")).Body!.AsArray().Single(l => (string?)l!["name"] == "production")!;
        Assert.Equal(2, (int)label["version"]!);
        var executed = await ExecuteAsync(prompt, "after");
        Assert.Equal(2, (int)executed.Body!["prompt"]!["version"]!);
        Assert.Equal("label", (string?)executed.Body["route"]!["kind"]);

        var audit = await AuditAsync(prompt);
        Assert.Equal(
            ["canary v2 on production: step 1 (25 %) → step 2 (50 %)", "canary v2 on production: step 2 (50 %) → step 3 (100 %)"],
            audit.Where(e => (string?)e["action"] == "canary.step-advanced").OrderBy(e => (DateTimeOffset)e["at"]!).Select(e => (string?)e["summary"]));
        Assert.Contains(audit, e => (string?)e["action"] == "canary.promoted" && (string?)e["actor"] == "system");
        Assert.Contains(audit, e => (string?)e["action"] == "label.deployed" && (string?)e["actor"] == "system");
    }

    [Fact]
    public async Task Canary_assignment_is_sticky_per_subject_and_a_deploy_outside_it_ends_it()
    {
        var prompt = await CreatePromptAsync();
        var key = (string)(await StartAsync(prompt, new { candidateVersion = 2, steps = new[] { 50, 100 }, minExecutionsPerStep = 5 }))["key"]!;

        var seen = new HashSet<int>();
        for (var i = 0; i < 40; i++)
        {
            var first = (await ExecuteAsync(prompt, $"user-{i}")).Body!;
            var again = (await ExecuteAsync(prompt, $"user-{i}")).Body!;
            var version = (int)first["prompt"]!["version"]!;
            Assert.Equal(version, (int)again["prompt"]!["version"]!);
            Assert.Equal("canary", (string?)first["route"]!["kind"]);
            Assert.Equal(key, (string?)first["route"]!["id"]);
            Assert.Equal(version == 2 ? "candidate" : "baseline", (string?)first["route"]!["arm"]);
            seen.Add(version);
        }

        Assert.Equal([1, 2], seen.Order());

        // Without a subject a request is spread by its execution id: both arms still get such traffic.
        var anonymous = new HashSet<string?>();
        for (var i = 0; i < 30; i++)
            anonymous.Add((string?)(await ExecuteAsync(prompt, null)).Body!["route"]!["arm"]);
        Assert.Equal(["baseline", "candidate"], anonymous.Order());

        // Someone deploys the candidate by hand: routing follows the label at once, and the next analysis ends the canary.
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production", new { version = 2, reason = "hotfix" })).Status);
        var executed = (await ExecuteAsync(prompt, "user-0")).Body!;
        Assert.Equal(("label", 2), ((string?)executed["route"]!["kind"], (int)executed["prompt"]!["version"]!));
        var ended = await TickAsync(prompt);
        Assert.Equal("promoted", (string?)ended["status"]);
        Assert.Contains("outside the canary", (string?)ended["statusReason"]);
    }

    [Fact]
    public async Task When_the_safeguards_stand_down_a_failed_canary_pauses_with_their_reason()
    {
        var prompt = await CreatePromptAsync("sim-flaky");
        await StartAsync(prompt, new { candidateVersion = 2, steps = new[] { 30, 100 }, stepMinutes = 5, minExecutionsPerStep = 20 });
        app.Rollbacks.StandDownReason = "the 4th automatic rollback of this prompt in 24 hours";
        try
        {
            await TrafficAsync(prompt, 200);
            var canary = await TickAsync(prompt);

            Assert.Equal("paused", (string?)canary["status"]);
            Assert.Contains("the 4th automatic rollback of this prompt in 24 hours", (string?)canary["statusReason"]);
            Assert.Equal(30, (int)canary["percent"]!);
        }
        finally
        {
            app.Rollbacks.StandDownReason = null;
        }

        // A human aborts; a manual abort is not an automatic rollback.
        var requests = app.Rollbacks.Requests.Count;
        var aborted = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/abort", new { reason = "error rate too high" });
        Assert.Equal(HttpStatusCode.OK, aborted.Status);
        Assert.Equal("aborted", (string?)aborted.Body!["status"]);
        Assert.Equal("error rate too high", (string?)aborted.Body["statusReason"]);
        Assert.Equal(requests, app.Rollbacks.Requests.Count);
        Assert.Contains(await AuditAsync(prompt), e => (string?)e["action"] == "canary.paused" && ((string?)e["summary"])!.Contains("stood down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pause_resume_and_promote_by_hand()
    {
        var prompt = await CreatePromptAsync();
        await StartAsync(prompt, new { candidateVersion = 2, steps = new[] { 50, 100 } });

        var paused = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/pause", new { reason = "watching a dashboard" });
        Assert.Equal(("paused", "watching a dashboard"), ((string?)paused.Body!["status"], (string?)paused.Body["statusReason"]));

        // Paused keeps its share, as in Argo Rollouts: both versions still serve.
        var versions = new HashSet<int>();
        for (var i = 0; i < 30; i++)
            versions.Add((int)(await ExecuteAsync(prompt, $"paused-{i}")).Body!["prompt"]!["version"]!);
        Assert.Equal([1, 2], versions.Order());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/pause")).Status);
        var resumed = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/resume");
        Assert.Equal("running", (string?)resumed.Body!["status"]);

        var promoted = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/promote", new { reason = "looks good" });
        Assert.Equal(HttpStatusCode.OK, promoted.Status);
        Assert.Equal("promoted", (string?)promoted.Body!["status"]);
        Assert.Equal(2, (int)(await ExecuteAsync(prompt, "x")).Body!["prompt"]!["version"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/abort")).Status);
    }

    public static TheoryData<string, object, string> BadBodies => new()
    {
        { "unknown version", new { candidateVersion = 9 }, "candidateVersion" },
        { "the version the label serves", new { candidateVersion = 1 }, "candidateVersion" },
        { "steps not increasing", new { candidateVersion = 2, steps = new[] { 5, 50, 25 } }, "steps[2]" },
        { "step above 100", new { candidateVersion = 2, steps = new[] { 5, 150 } }, "steps[1]" },
        { "step not a number", new { candidateVersion = 2, steps = new object[] { 5, "ten" } }, "steps[1]" },
        { "unknown label", new { candidateVersion = 2, label = "nowhere" }, "label" },
        { "zero minutes", new { candidateVersion = 2, stepMinutes = 0 }, "stepMinutes" },
        { "no minimum", new { candidateVersion = 2, minExecutionsPerStep = 0 }, "minExecutionsPerStep" },
        { "unknown metric", new { candidateVersion = 2, gates = new object[] { new { metric = "happiness" } } }, "gates[0].metric" },
        { "unreadable condition", new { candidateVersion = 2, gates = new object[] { new { metric = "errorRate" }, new { metric = "feedback", successCondition = "about 3" } } }, "gates[1].successCondition" },
        { "unknown operator", new { candidateVersion = 2, gates = new object[] { new { metric = "errorRate", failureCondition = new { @operator = "==", threshold = 1 } } } }, "gates[0].failureCondition.operator" },
        { "negative limit", new { candidateVersion = 2, gates = new object[] { new { metric = "errorRate", failureLimit = -1 } } }, "gates[0].failureLimit" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_naming_the_field(string name, object body, string field)
    {
        var prompt = await CreatePromptAsync();

        var refused = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries", body);

        Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{name}: {refused.Status} {refused.Body?.ToJsonString()}");
        Assert.StartsWith("https://promptconsole.dev/problems/", (string?)refused.Body!["type"]);
        Assert.Contains(refused.Body["errors"]!.AsArray(), e => (string?)e!["field"] == field);
    }

    [Fact]
    public async Task A_second_canary_conflicts_and_missing_ones_are_not_found()
    {
        var prompt = await CreatePromptAsync();
        Assert.Equal("https://promptconsole.dev/problems/canary-not-found", (string?)(await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/canaries/current")).Body!["type"]);
        await StartAsync(prompt, new { candidateVersion = 2 });

        var second = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries", new { candidateVersion = 2 });
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("label", (string?)second.Body!["errors"]![0]!["field"]);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync("/api/v1/prompts/no-such-prompt/canaries", new { candidateVersion = 2 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync("/api/v1/prompts/no-such-prompt/canaries")).Status);
        var current = await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/canaries/current");
        Assert.Equal("running", (string?)current.Body!["status"]);
        Assert.Single((await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/canaries")).Body!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/abort")).Status);
    }

    [Fact]
    public async Task The_golden_gate_refuses_a_candidate_unless_overridden()
    {
        var prompt = await CreatePromptAsync();
        app.Gate.Refuse = true;
        try
        {
            var refused = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries", new { candidateVersion = 2 });
            Assert.Equal(HttpStatusCode.Conflict, refused.Status);
            Assert.Equal("https://promptconsole.dev/problems/golden-gate", (string?)refused.Body!["type"]);

            await StartAsync(prompt, new { candidateVersion = 2, overrideReason = "golden set is stale" });
            Assert.Contains(app.Gate.Checks, c => c.PromptKey == prompt && c.Action == "canary" && c.OverrideReason == "golden set is stale");
        }
        finally
        {
            app.Gate.Refuse = false;
        }

        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/canaries/current/abort")).Status);
    }
}

/// <summary>Allows every rollback (running the caller's move of traffic) unless told to stand down; records each request.</summary>
public sealed class RecordingAutomaticRollbacks : IAutomaticRollbacks
{
    public ConcurrentQueue<AutomaticRollbackRequest> Requests { get; } = new();

    public string? StandDownReason { get; set; }

    public async Task<AutomaticRollbackOutcome> TryRollBackAsync(AutomaticRollbackRequest request, Func<CancellationToken, Task<Error?>> moveTraffic, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        if (StandDownReason is { } reason)
            return new AutomaticRollbackOutcome(false, reason, null);
        var error = await moveTraffic(cancellationToken);
        return error is null ? new AutomaticRollbackOutcome(true, null, Guid.NewGuid()) : new AutomaticRollbackOutcome(false, error.Message, null);
    }

    public Task<AutomationStatus> GetStatusAsync(string promptKey, CancellationToken cancellationToken = default) => Task.FromResult(new AutomationStatus(true, null, null, 0));

    public Task<IReadOnlyList<AutomaticRollbackView>> ListAsync(string promptKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AutomaticRollbackView>>([]);

    public Task<int> CheckRecoveriesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}

/// <summary>Lets every release through unless told to refuse (then only with an override reason); records each check.</summary>
public sealed class FakeGoldenGate : IGoldenGate
{
    public ConcurrentQueue<(string PromptKey, int Version, string Action, string? OverrideReason)> Checks { get; } = new();

    public bool Refuse { get; set; }

    public Task<Error?> CheckReleaseAsync(string promptKey, int version, string action, string versionField, string? overrideReason, string actor, CancellationToken cancellationToken = default)
    {
        Checks.Enqueue((promptKey, version, action, overrideReason));
        return Task.FromResult(Refuse && string.IsNullOrWhiteSpace(overrideReason)
            ? new Error(ErrorKind.Conflict, "golden-gate", $"v{version} failed its golden run.", [new FieldError(versionField, "The last golden run failed.")])
            : null);
    }
}

public abstract class CanaryApp : ApiAppFixture
{
    private protected CanaryApp(TestDatabaseProvider provider, ManualTimeProvider clock, RecordingAutomaticRollbacks rollbacks, FakeGoldenGate gate)
        : base(provider, ExperimentsApp.FlakySettings, factory => factory.WithServices(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IAutomaticRollbacks>(rollbacks);
            services.AddSingleton<IGoldenGate>(gate);
        }))
    {
        Clock = clock;
        Rollbacks = rollbacks;
        Gate = gate;
    }

    internal ManualTimeProvider Clock { get; }

    public RecordingAutomaticRollbacks Rollbacks { get; }

    public FakeGoldenGate Gate { get; }
}

public sealed class SqliteCanaryApp() : CanaryApp(TestDatabaseProvider.Sqlite, new ManualTimeProvider(), new RecordingAutomaticRollbacks(), new FakeGoldenGate());

public sealed class PostgresCanaryApp() : CanaryApp(TestDatabaseProvider.Postgres, new ManualTimeProvider(), new RecordingAutomaticRollbacks(), new FakeGoldenGate());

public sealed class CanariesApiOnSqlite(SqliteCanaryApp app) : CanariesApiTests(app), IClassFixture<SqliteCanaryApp>;

public sealed class CanariesApiOnPostgres(PostgresCanaryApp app) : CanariesApiTests(app), IClassFixture<PostgresCanaryApp>;
