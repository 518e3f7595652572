using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The golden-sets API on the real app with the simulator. The simulator answers "[simulated] sim-fast
/// answering "Hello Ada." …": a case requiring "Ada" passes, one requiring "bonjour" never can.
/// </summary>
public abstract class GoldenSetsApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey() => $"gold-{Guid.NewGuid():N}"[..24];

    private static readonly object Version = new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } };

    private async Task<string> CreatePromptAsync()
    {
        var key = NewKey();
        await _client.CreateDeployedPromptAsync(key, Version);
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "Hi {{name}}!", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        return key;
    }

    private static object Case(string name, params string[] required) => new
    {
        name,
        variables = new { name = "Ada" },
        expectations = new { requiredPhrases = required, forbiddenPhrases = new[] { "as an AI" }, maxLatencyMs = 60_000 },
    };

    private async Task<JsonNode> AddCaseAsync(string key, object body)
    {
        var created = await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-cases", body);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        return created.Body!;
    }

    private async Task<JsonNode> RunAsync(string key, object body)
    {
        var run = await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-runs", body);
        Assert.True(run.Status == HttpStatusCode.Created, run.Body?.ToJsonString());
        return run.Body!;
    }

    private Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> DeployAsync(string key, int version, string? overrideReason = null) =>
        _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production", new { version, reason = "ship it", overrideReason });

    [Fact]
    public async Task Cases_are_created_listed_changed_and_deleted_with_audit()
    {
        var key = await CreatePromptAsync();
        var created = await AddCaseAsync(key, new
        {
            name = "greets Ada",
            variables = new { name = "Ada" },
            expectations = new { requiredPhrases = new[] { "Ada" }, jsonFields = new object[] { new { path = "a.b", equals = 42 }, new { path = "c", exists = false } } },
        });
        var id = (string?)created["id"];
        Assert.Equal("Ada", (string?)created["variables"]!["name"]);
        Assert.Equal(42, (int)created["expectations"]!["jsonFields"]![0]!["equals"]!);
        Assert.False((bool)created["expectations"]!["jsonFields"]![1]!["exists"]!);
        Assert.True((bool)created["expectations"]!["outputChecksPass"]!);

        var listed = await _client.GetJsonAsync($"/api/v1/prompts/{key}/golden-cases");
        Assert.Equal(id, (string?)listed.Body!.AsArray().Single()!["id"]);

        var updated = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/golden-cases/{id}", Case("greets Ada politely", "Ada"));
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("greets Ada politely", (string?)(await _client.GetJsonAsync($"/api/v1/prompts/{key}/golden-cases/{id}")).Body!["name"]);

        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-cases", Case("greets Ada politely"))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/prompts/{key}/golden-cases/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/prompts/{key}/golden-cases/{id}")).Status);

        var audit = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/audit")).Body!.AsArray();
        var added = audit.Single(a => (string?)a!["action"] == "golden.case-created")!;
        Assert.Equal("golden case 'greets Ada' added: 1 variable; expects: output checks pass, contains 'Ada', a.b = 42, no c", (string?)added["summary"]);
        Assert.Contains(audit, a => (string?)a!["action"] == "golden.case-updated" && ((string?)a["summary"])!.Contains("renamed from 'greets Ada'", StringComparison.Ordinal));
        Assert.Contains(audit, a => (string?)a!["action"] == "golden.case-deleted");
    }

    [Fact]
    public async Task Bad_cases_and_run_requests_name_the_field()
    {
        var key = await CreatePromptAsync();
        var bad = await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-cases", new
        {
            name = "",
            expectations = new { jsonFields = new object[] { new { path = "" } }, minAutomatedScore = 2 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("https://promptconsole.dev/problems/invalid-golden-case", (string?)bad.Body!["type"]);
        var fields = bad.Body["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToArray();
        Assert.Equal(["name", "expectations.jsonFields[0].path", "expectations.minAutomatedScore"], fields);

        var malformed = await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-cases", """{"name": "x", "expectations": {"maxLatencyMs": "soon"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("expectations.maxLatencyMs", (string?)malformed.Body!["errors"]![0]!["field"]);

        var neither = await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-runs", new { });
        Assert.Equal(HttpStatusCode.BadRequest, neither.Status);
        Assert.Equal("version", (string?)neither.Body!["errors"]![0]!["field"]);

        var empty = await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-runs", new { version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, empty.Status);
        Assert.Equal("https://promptconsole.dev/problems/golden-set-empty", (string?)empty.Body!["type"]);

        await AddCaseAsync(key, Case("greets Ada", "Ada"));
        var missing = await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-runs", new { version = 9 });
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("version", (string?)missing.Body!["errors"]![0]!["field"]);

        var badDraft = await _client.PostJsonAsync($"/api/v1/prompts/{key}/golden-runs", new { draft = new { template = "Hi {{#if}}", model = new { model = "sim-fast" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badDraft.Status);
        Assert.StartsWith("draft.", (string?)badDraft.Body!["errors"]![0]!["field"], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync("/api/v1/prompts/no-such-prompt/golden-cases")).Status);
        var policy = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/golden-policy", new { });
        Assert.Equal("requireGoldenPass", (string?)policy.Body!["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task A_failing_run_blocks_the_deploy_until_overridden_with_a_reason_which_is_audited()
    {
        var key = await CreatePromptAsync();
        await AddCaseAsync(key, Case("greets Ada", "Ada"));
        await AddCaseAsync(key, Case("speaks French", "bonjour"));

        var run = await RunAsync(key, new { version = 2 });
        Assert.False((bool)run["passed"]!);
        Assert.Equal(2, (int)run["cases"]!);
        Assert.Equal(1, (int)run["failed"]!);
        var results = run["results"]!.AsArray();
        var french = results.Single(r => (string?)r!["name"] == "speaks French")!;
        Assert.False((bool)french["passed"]!);
        Assert.Equal("requiredPhrases[0]", (string?)french["failures"]![0]!["expectation"]);
        Assert.Contains("[simulated]", (string?)french["output"], StringComparison.Ordinal);
        Assert.NotNull((string?)french["executionId"]);
        Assert.True((bool)results.Single(r => (string?)r!["name"] == "greets Ada")!["passed"]!);

        var refused = await DeployAsync(key, 2);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("https://promptconsole.dev/problems/golden-gate", (string?)refused.Body!["type"]);
        Assert.Equal("version", (string?)refused.Body["errors"]![0]!["field"]);
        Assert.Contains("The last golden run of v2", (string?)refused.Body["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Contains("failed 1 of 2 cases", (string?)refused.Body["detail"], StringComparison.Ordinal);
        Assert.Equal(1, (int)(await _client.GetJsonAsync($"/api/v1/prompts/{key}/labels")).Body!.AsArray().Single()!["version"]!);

        var overridden = await DeployAsync(key, 2, "French speakers are not launched yet");
        Assert.True(overridden.Status == HttpStatusCode.OK, overridden.Body?.ToJsonString());
        Assert.Equal(2, (int)overridden.Body!["version"]!);

        var audit = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/audit")).Body!.AsArray();
        var gate = audit.Single(a => (string?)a!["action"] == "golden.gate-overridden")!;
        Assert.Equal("French speakers are not launched yet", (string?)gate["reason"]);
        Assert.Equal("version:2", (string?)gate["target"]);
        Assert.StartsWith("deploy of v2 went ahead over the golden gate: The last golden run of v2", (string?)gate["summary"], StringComparison.Ordinal);
        Assert.Contains(audit, a => (string?)a!["action"] == "golden.run-completed" && (string?)a["summary"] == "golden run of v2: 1 of 2 cases failed ('speaks French')");

        // A version never run is not blocked while the prompt does not require a run.
        Assert.Equal(HttpStatusCode.OK, (await DeployAsync(key, 1)).Status);
        var listed = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/golden-runs?version=2")).Body!.AsArray();
        Assert.Equal((string?)run["id"], (string?)listed.Single()!["id"]);
        Assert.Null(listed.Single()!["results"]);
        Assert.Equal(2, (await _client.GetJsonAsync($"/api/v1/prompts/{key}/golden-runs/{run["id"]}")).Body!["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_version_run_is_pinned_recorded_as_golden_and_keeps_an_answer_its_checks_rejected()
    {
        var key = await CreatePromptAsync();
        var strict = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new
        {
            template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } }, checks = new { maxLength = 5 },
        });
        Assert.Equal(HttpStatusCode.Created, strict.Status);
        await AddCaseAsync(key, Case("greets Ada", "Ada"));
        await AddCaseAsync(key, new { name = "checks ignored", variables = new { name = "Ada" }, expectations = new { outputChecksPass = false } });

        var run = await RunAsync(key, new { version = 3 });
        var results = run["results"]!.AsArray();
        var checkedCase = results.Single(r => (string?)r!["name"] == "greets Ada")!;
        Assert.Equal("outputChecksPass", (string?)checkedCase["failures"]![0]!["expectation"]);
        Assert.Contains("limit is 5", (string?)checkedCase["failures"]![0]!["message"], StringComparison.Ordinal);
        Assert.Contains("Ada", (string?)checkedCase["output"], StringComparison.Ordinal);
        Assert.True((bool)results.Single(r => (string?)r!["name"] == "checks ignored")!["passed"]!);

        // The execution is recorded like any other, pinned to the version (never a canary or experiment route) and marked golden.
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var execution = await _client.GetJsonAsync($"/api/v1/executions/{checkedCase["executionId"]}");
        Assert.True(execution.Status == HttpStatusCode.OK, execution.Body?.ToJsonString());
        Assert.Equal("golden", (string?)execution.Body!["origin"]);
        Assert.Equal("version", (string?)execution.Body["route"]!["kind"]);
        Assert.Equal("output_rejected", (string?)execution.Body["outcome"]);
    }

    [Fact]
    public async Task Requiring_a_pass_blocks_a_version_without_a_run_and_a_passing_run_allows_it()
    {
        var key = await CreatePromptAsync();
        var policy = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}/golden-policy", new { requireGoldenPass = true });
        Assert.Equal(HttpStatusCode.OK, policy.Status);
        Assert.True((bool)(await _client.GetJsonAsync($"/api/v1/prompts/{key}/golden-policy")).Body!["requireGoldenPass"]!);
        Assert.True((bool)(await _client.GetJsonAsync($"/api/v1/prompts/{key}")).Body!["requireGoldenPass"]!);

        var noCases = await DeployAsync(key, 2);
        Assert.Equal(HttpStatusCode.Conflict, noCases.Status);
        Assert.Contains("has no cases", (string?)noCases.Body!["errors"]![0]!["message"], StringComparison.Ordinal);

        await AddCaseAsync(key, Case("greets Ada", "Ada"));
        var noRun = await DeployAsync(key, 2);
        Assert.Equal(HttpStatusCode.Conflict, noRun.Status);
        Assert.Equal("v2 has no golden run; this prompt requires a passing one before release.", (string?)noRun.Body!["errors"]![0]!["message"]);

        // A passing draft run does not count for any version.
        var draftRun = await RunAsync(key, new { draft = Version });
        Assert.True((bool)draftRun["draft"]!);
        Assert.Null(draftRun["version"]);
        Assert.True((bool)draftRun["passed"]!);
        Assert.Null(draftRun["results"]![0]!["executionId"]);
        Assert.Equal(HttpStatusCode.Conflict, (await DeployAsync(key, 2)).Status);

        var run = await RunAsync(key, new { version = 2 });
        Assert.True((bool)run["passed"]!, run.ToJsonString());
        var deployed = await DeployAsync(key, 2);
        Assert.True(deployed.Status == HttpStatusCode.OK, deployed.Body?.ToJsonString());

        var audit = (await _client.GetJsonAsync($"/api/v1/prompts/{key}/audit")).Body!.AsArray();
        Assert.Contains(audit, a => (string?)a!["action"] == "golden.policy-updated");
        Assert.DoesNotContain(audit, a => (string?)a!["action"] == "golden.gate-overridden");
    }
}

public sealed class GoldenSetsApiOnSqlite(SqliteApp app) : GoldenSetsApiTests(app), IClassFixture<SqliteApp>;

public sealed class GoldenSetsApiOnPostgres(PostgresApp app) : GoldenSetsApiTests(app), IClassFixture<PostgresApp>;
