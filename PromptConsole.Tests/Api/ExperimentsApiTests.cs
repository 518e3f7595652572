using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The experiments API contract on the real app. Besides the instant simulator the app knows
/// "sim-flaky" (a simulator that fails 40 % of calls) to plant an effect on the success rate.
/// </summary>
public abstract class ExperimentsApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>A prompt with v1 on sim-fast (production) and v2 on <paramref name="secondModel"/>.</summary>
    private async Task<string> CreatePromptAsync(string secondModel = "sim-fast")
    {
        var key = NewKey("exp");
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "Hi {{name}}!", model = new { model = secondModel }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        return key;
    }

    private static object Body(string key, string prompt, object? arms = null, double? coverage = null, object? targeting = null, string primaryMetric = "successRate", int minSamplesPerArm = 100) => new
    {
        key,
        prompt,
        hypothesis = "v2 answers better",
        arms = arms ?? new object[] { new { name = "control", version = 1, weight = 50 }, new { name = "treatment", version = 2, weight = 50 } },
        coverage,
        targeting,
        primaryMetric,
        guardrails = new[] { "p95Latency" },
        minSamplesPerArm,
    };

    private async Task<string> CreateExperimentAsync(string prompt, object? arms = null, object? targeting = null, string primaryMetric = "successRate", int minSamplesPerArm = 100)
    {
        var key = NewKey("ab");
        var created = await _client.PostJsonAsync("/api/v1/experiments", Body(key, prompt, arms, targeting: targeting, primaryMetric: primaryMetric, minSamplesPerArm: minSamplesPerArm));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        return key;
    }

    private async Task<JsonNode> StartAsync(string key)
    {
        var started = await _client.PostJsonAsync($"/api/v1/experiments/{key}/start");
        Assert.True(started.Status == HttpStatusCode.OK, started.Body?.ToJsonString());
        return started.Body!;
    }

    private Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> ExecuteAsync(string prompt, string? subject, object? attributes = null) =>
        _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" }, subject, attributes });

    [Fact]
    public async Task A_live_experiment_past_its_end_date_is_stopped_with_no_winner_by_the_system()
    {
        var prompt = await CreatePromptAsync();
        var key = NewKey("end");
        var endsAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var body = new
        {
            key, prompt, hypothesis = "ends soon",
            arms = new object[] { new { name = "control", version = 1, weight = 50 }, new { name = "treatment", version = 2, weight = 50 } },
            primaryMetric = "successRate", minSamplesPerArm = 10, endsAt,
        };
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync("/api/v1/experiments", body)).Status);
        await StartAsync(key);
        var experiments = app.Factory.Services.GetRequiredService<PromptConsole.Web.Services.Experiments.IExperimentService>();

        // Before the end date the sweep leaves it running; after it, the sweep stops it.
        Assert.DoesNotContain(key, await experiments.StopExpiredAsync());
        while (DateTimeOffset.UtcNow <= endsAt)
            await Task.Delay(100);
        Assert.Contains(key, await experiments.StopExpiredAsync());

        var stopped = (await _client.GetJsonAsync($"/api/v1/experiments/{key}")).Body!;
        Assert.Equal("stopped", (string?)stopped["status"]);
        Assert.Equal("noWinner", (string?)stopped["decision"]!["verdict"]);
        var audit = (await experiments.GetAuditAsync(key)).Value;
        Assert.Contains(audit, e => e.Action == "experiment.stopped" && e.Actor == "system" && e.Reason == "end date reached");
        Assert.DoesNotContain(key, await experiments.StopExpiredAsync());
    }

    private Task FlushAsync() => app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

    [Fact]
    public async Task Create_list_get_and_lifecycle_follow_the_contract()
    {
        var prompt = await CreatePromptAsync();
        var key = NewKey("ab");
        var created = await _client.PostJsonAsync("/api/v1/experiments", Body(key, prompt));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"/api/v1/experiments/{key}", created.Response.Headers.Location?.OriginalString);
        Assert.Equal("draft", (string?)created.Body!["status"]);
        Assert.Equal("control", (string?)created.Body["arms"]![0]!["name"]);

        var listed = await _client.GetJsonAsync($"/api/v1/experiments?prompt={prompt}");
        Assert.Equal(key, (string?)listed.Body!.AsArray().Single()!["key"]);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync($"/api/v1/experiments/{key}")).Status);

        Assert.Equal("running", (string?)(await StartAsync(key))["status"]);
        Assert.Equal("paused", (string?)(await _client.PostJsonAsync($"/api/v1/experiments/{key}/pause")).Body!["status"]);
        Assert.Equal("running", (string?)(await _client.PostJsonAsync($"/api/v1/experiments/{key}/resume")).Body!["status"]);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostJsonAsync($"/api/v1/experiments/{key}/resume")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/experiments/{key}", Body(key, prompt))).Status);

        var audit = await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/audit");
        var actions = audit.Body!.AsArray().Select(a => (string?)a!["action"]).ToArray();
        Assert.Contains("experiment.created", actions);
        Assert.Contains("experiment.started", actions);
        Assert.Contains("experiment.paused", actions);
        Assert.Contains("experiment.resumed", actions);
    }

    [Fact]
    public async Task Shipping_an_arm_moves_production_and_rollback_moves_it_back()
    {
        var prompt = await CreatePromptAsync();
        var key = await CreateExperimentAsync(prompt);
        await StartAsync(key);

        var stopped = await _client.PostJsonAsync($"/api/v1/experiments/{key}/stop", new { decision = "ship", arm = "treatment", reason = "v2 won" });
        Assert.Equal(HttpStatusCode.OK, stopped.Status);
        Assert.Equal("stopped", (string?)stopped.Body!["status"]);
        Assert.Equal("ship", (string?)stopped.Body["decision"]!["verdict"]);
        Assert.Equal("v2 won", (string?)stopped.Body["decision"]!["reason"]);

        var labels = await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/labels");
        Assert.Equal(2, (int)labels.Body!.AsArray().Single(l => (string?)l!["name"] == "production")!["version"]!);
        var executed = await ExecuteAsync(prompt, "user-1");
        Assert.Equal("label", (string?)executed.Body!["route"]!["kind"]);
        Assert.Equal(2, (int)executed.Body["prompt"]!["version"]!);

        var rolledBack = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production/rollback");
        Assert.Equal(1, (int)rolledBack.Body!["version"]!);
    }

    [Fact]
    public async Task Execute_reports_the_experiment_and_arm_and_keeps_subjects_in_their_arm()
    {
        var prompt = await CreatePromptAsync();
        var key = await CreateExperimentAsync(prompt);
        await StartAsync(key);

        var arms = new Dictionary<string, string>();
        for (var i = 0; i < 40; i++)
        {
            var subject = $"user-{i}";
            var first = await ExecuteAsync(prompt, subject);
            Assert.Equal("experiment", (string?)first.Body!["route"]!["kind"]);
            Assert.Equal(key, (string?)first.Body["route"]!["experiment"]);
            Assert.Equal(key, (string?)first.Body["route"]!["id"]);
            var arm = (string)first.Body["route"]!["arm"]!;
            Assert.Equal(arm == "control" ? 1 : 2, (int)first.Body["prompt"]!["version"]!);
            var again = await ExecuteAsync(prompt, subject);
            Assert.Equal(arm, (string?)again.Body!["route"]!["arm"]);
            arms[subject] = arm;
        }

        Assert.Equal(2, arms.Values.Distinct().Count());

        // No subject: not enrolled, served by the label, and counted.
        var anonymous = await ExecuteAsync(prompt, null);
        Assert.Equal("label", (string?)anonymous.Body!["route"]!["kind"]);
        var scrape = await _client.GetStringAsync("/metrics");
        Assert.Contains($"promptconsole_experiment_not_enrolled_total{{prompt=\"{prompt}\",experiment=\"{key}\",reason=\"no_subject\"}}", scrape);
        Assert.Contains($"experiment=\"{key}\",arm=\"control\"", scrape);

        // The results count the requests the experiment did not enrol, by reason, next to the enrolled ones.
        await ExecuteAsync(prompt, null);
        await FlushAsync();
        var exposure = (await _client.GetJsonAsync($"/api/v1/experiments/{key}/results")).Body!["exposure"]!;
        Assert.Equal(80, (long)exposure["executions"]!);
        Assert.Equal(2, (long)exposure["notEnrolled"]!);
        Assert.Equal(2, (long)exposure["notEnrolledByReason"]!["no_subject"]!);
    }

    [Fact]
    public async Task Attributes_decide_targeting()
    {
        var prompt = await CreatePromptAsync();
        var key = await CreateExperimentAsync(prompt, targeting: new object[] { new { attribute = "plan", @operator = "equals", value = "pro" }, new { attribute = "seats", @operator = "gte", value = 10 } });
        await StartAsync(key);

        var targeted = await ExecuteAsync(prompt, "user-1", new { plan = "pro", seats = 12 });
        Assert.Equal("experiment", (string?)targeted.Body!["route"]!["kind"]);
        var tooSmall = await ExecuteAsync(prompt, "user-1", new { plan = "pro", seats = 3 });
        Assert.Equal("label", (string?)tooSmall.Body!["route"]!["kind"]);
        var otherPlan = await ExecuteAsync(prompt, "user-1", new { plan = "free", seats = 12 });
        Assert.Equal("label", (string?)otherPlan.Body!["route"]!["kind"]);

        var badAttribute = await ExecuteAsync(prompt, "user-1", new { plan = new[] { "pro" } });
        Assert.Equal(HttpStatusCode.BadRequest, badAttribute.Status);
        Assert.Equal("attributes.plan", (string?)badAttribute.Body!["errors"]![0]!["field"]);
    }

    public static TheoryData<string, object, string> BadBodies => new()
    {
        { "weights summing to 0", new object[] { new { name = "a", version = 1, weight = 0 }, new { name = "b", version = 2, weight = 0 } }, "arms" },
        { "unknown version", new object[] { new { name = "a", version = 1, weight = 1 }, new { name = "b", version = 9, weight = 1 } }, "arms[1].version" },
        { "duplicate arm names", new object[] { new { name = "a", version = 1, weight = 1 }, new { name = "a", version = 2, weight = 1 } }, "arms[1].name" },
        { "negative weight", new object[] { new { name = "a", version = 1, weight = -1 }, new { name = "b", version = 2, weight = 1 } }, "arms[0].weight" },
        { "one arm", new object[] { new { name = "a", version = 1, weight = 1 } }, "arms" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_arms_are_problems_naming_the_field(string because, object arms, string field)
    {
        var prompt = await CreatePromptAsync();
        var response = await _client.PostJsonAsync("/api/v1/experiments", Body(NewKey("ab"), prompt, arms));
        Assert.True(response.Status == HttpStatusCode.BadRequest, because);
        Assert.Contains(response.Body!["errors"]!.AsArray(), e => (string?)e!["field"] == field);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    public async Task Coverage_outside_zero_to_one_is_refused(double coverage)
    {
        var prompt = await CreatePromptAsync();
        var response = await _client.PostJsonAsync("/api/v1/experiments", Body(NewKey("ab"), prompt, coverage: coverage));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(response.Body!["errors"]!.AsArray(), e => (string?)e!["field"] == "coverage");
    }

    [Fact]
    public async Task Unknown_prompt_malformed_json_and_duplicate_keys_are_problems()
    {
        var missing = await _client.PostJsonAsync("/api/v1/experiments", Body(NewKey("ab"), "no-such-prompt"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("prompt", (string?)missing.Body!["errors"]![0]!["field"]);

        using var malformed = await _client.PostAsync("/api/v1/experiments", new StringContent("{\"key\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var prompt = await CreatePromptAsync();
        var key = await CreateExperimentAsync(prompt);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostJsonAsync("/api/v1/experiments", Body(key, prompt))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync("/api/v1/experiments/no-such-experiment")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync("/api/v1/experiments/no-such-experiment/start")).Status);
    }

    [Fact]
    public async Task A_second_live_experiment_on_the_same_audience_cannot_start()
    {
        var prompt = await CreatePromptAsync();
        await StartAsync(await CreateExperimentAsync(prompt));
        var second = await CreateExperimentAsync(prompt);
        var refused = await _client.PostJsonAsync($"/api/v1/experiments/{second}/start");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("targeting", (string?)refused.Body!["errors"]![0]!["field"]);

        var otherAudience = await CreateExperimentAsync(prompt, targeting: new object[] { new { attribute = "plan", @operator = "equals", value = "pro" } });
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/experiments/{otherAudience}/start")).Status);
    }

    [Fact]
    public async Task Stop_needs_a_valid_decision()
    {
        var prompt = await CreatePromptAsync();
        var key = await CreateExperimentAsync(prompt);
        await StartAsync(key);
        var badDecision = await _client.PostJsonAsync($"/api/v1/experiments/{key}/stop", new { decision = "maybe", reason = "x" });
        Assert.Equal("decision", (string?)badDecision.Body!["errors"]![0]!["field"]);
        var unknownArm = await _client.PostJsonAsync($"/api/v1/experiments/{key}/stop", new { decision = "ship", arm = "nope", reason = "x" });
        Assert.Equal("arm", (string?)unknownArm.Body!["errors"]![0]!["field"]);
        var noWinner = await _client.PostJsonAsync($"/api/v1/experiments/{key}/stop", new { decision = "noWinner", reason = "flat" });
        Assert.Equal(HttpStatusCode.OK, noWinner.Status);
        Assert.Equal("noWinner", (string?)noWinner.Body!["decision"]!["verdict"]);
    }

    [Fact]
    public async Task Reallocating_a_running_experiment_needs_confirmation()
    {
        var prompt = await CreatePromptAsync();
        var key = await CreateExperimentAsync(prompt);
        await StartAsync(key);
        var body = new { arms = new[] { new { name = "control", weight = 20.0 }, new { name = "treatment", weight = 80.0 } }, coverage = 1.0, confirm = false };
        var refused = await _client.PostJsonAsync($"/api/v1/experiments/{key}/allocation", body);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("30.00 %", (string?)refused.Body!["detail"]);

        var confirmed = await _client.PostJsonAsync($"/api/v1/experiments/{key}/allocation", body with { confirm = true });
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.Equal(80.0, (double)confirmed.Body!["arms"]![1]!["weight"]!);
    }

    [Fact]
    public async Task An_A_A_test_is_not_significant_and_a_planted_failure_rate_is()
    {
        // A/A: both arms serve v1.
        var aaPrompt = await CreatePromptAsync();
        var aa = await CreateExperimentAsync(aaPrompt, new object[] { new { name = "control", version = 1, weight = 1 }, new { name = "copy", version = 1, weight = 1 } }, minSamplesPerArm: 50);
        await StartAsync(aa);

        // Planted: v2 runs on a model that fails 40 % of calls.
        var plantedPrompt = await CreatePromptAsync("sim-flaky");
        var planted = await CreateExperimentAsync(plantedPrompt, minSamplesPerArm: 50);
        await StartAsync(planted);

        for (var i = 0; i < 600; i++)
        {
            await ExecuteAsync(aaPrompt, $"aa-{i}");
            await ExecuteAsync(plantedPrompt, $"pl-{i}");
        }

        await FlushAsync();
        var aaResults = (await _client.GetJsonAsync($"/api/v1/experiments/{aa}/results")).Body!;
        var aaEffect = aaResults["arms"]![1]!["metrics"]!.AsArray().Single(m => (string?)m!["metric"] == "successRate")!["effect"]!;
        Assert.Equal("inconclusive", (string?)aaEffect["verdict"]);
        Assert.False((bool)aaResults["srm"]!["mismatch"]!);

        var results = (await _client.GetJsonAsync($"/api/v1/experiments/{planted}/results")).Body!;
        var treatment = results["arms"]!.AsArray().Single(a => (string?)a!["name"] == "treatment")!;
        var success = treatment["metrics"]!.AsArray().Single(m => (string?)m!["metric"] == "successRate")!;
        Assert.Equal("worse", (string?)success["effect"]!["verdict"]);
        Assert.True((double)success["effect"]!["absolute"]!["estimate"]! < -0.2);
        Assert.True((double)success["effect"]!["chanceToBeatControl"]! < 0.01);
        var latency = treatment["metrics"]!.AsArray().Single(m => (string?)m!["metric"] == "p95Latency")!;
        Assert.Equal("welch-mean", (string?)latency["test"]);
        Assert.Equal("stop", (string?)results["recommendation"]!["action"]);
        Assert.NotEmpty(results["timeline"]!.AsArray());

        var markdown = await _client.GetStringAsync($"/api/v1/experiments/{planted}/report.md");
        Assert.Contains("## Recommendation: stop", markdown);
        Assert.Contains("experiment.started", markdown);
        var json = await _client.GetJsonAsync($"/api/v1/experiments/{planted}/report.json");
        Assert.Equal(planted, (string?)json.Body!["experiment"]!["key"]);

        var sampleSize = await _client.GetJsonAsync($"/api/v1/experiments/{planted}/sample-size?baselineRate=0.9&mde=-0.05");
        Assert.Equal(HttpStatusCode.OK, sampleSize.Status);
        Assert.True((long)sampleSize.Body!["sampleSizePerArm"]! > 0);
        Assert.True((double)sampleSize.Body["executionsPerDay"]! > 0);
        Assert.Equal("mde", (string?)(await _client.GetJsonAsync($"/api/v1/experiments/{planted}/sample-size?baselineRate=0.9")).Body!["errors"]![0]!["field"]);
    }
}

public sealed class ExperimentsApp() : ApiAppFixture(TestDatabaseProvider.Sqlite, FlakySettings)
{
    public static readonly IReadOnlyDictionary<string, string?> FlakySettings = new Dictionary<string, string?>
    {
        ["PromptConsole:Providers:flaky:Kind"] = "Simulator",
        ["PromptConsole:Providers:flaky:ErrorRate"] = "0.4",
        ["PromptConsole:Providers:flaky:LatencyMedianMs"] = "0",
        ["PromptConsole:Providers:flaky:LatencyP95Ms"] = "0",
        ["PromptConsole:Models:sim-flaky:Provider"] = "flaky",
        ["PromptConsole:Models:sim-flaky:InputPer1K"] = "0.001",
        ["PromptConsole:Models:sim-flaky:OutputPer1K"] = "0.002",
        ["PromptConsole:Resilience:MaxRetries"] = "0",
    };
}

public sealed class ExperimentsApiOnSqlite(ExperimentsApp app) : ExperimentsApiTests(app), IClassFixture<ExperimentsApp>;

public sealed class ExperimentsPostgresApp() : ApiAppFixture(TestDatabaseProvider.Postgres, ExperimentsApp.FlakySettings);

public sealed class ExperimentsApiOnPostgres(ExperimentsPostgresApp app) : ExperimentsApiTests(app), IClassFixture<ExperimentsPostgresApp>;
