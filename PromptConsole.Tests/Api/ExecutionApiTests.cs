using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

public abstract class ExecutionApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private async Task<string> CreateGreetingAsync(string model = "sim-fast", object? checks = null, string[]? fallbacks = null)
    {
        var key = NewKey("exec");
        await _client.CreateDeployedPromptAsync(key, new
        {
            template = "Greet {{name}} in {{language}}. They are {{age}}.",
            model = new { model, fallbackModels = fallbacks, maxTokens = 200 },
            variables = new object[]
            {
                new { name = "name", type = "String" },
                new { name = "language", type = "Enum", allowedValues = new[] { "French", "Spanish" } },
                new { name = "age", type = "Integer", required = false, @default = "30" },
            },
            checks,
        });
        return key;
    }

    private static object Variables(string name = "Ada", string language = "French") => new { variables = new { name, language } };

    [Fact]
    public async Task Execute_returns_the_documented_contract()
    {
        var key = await CreateGreetingAsync();
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada", language = "French", age = 36 }, subject = "user-42" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(Guid.TryParse((string?)body!["executionId"], out _));
        Assert.False(string.IsNullOrWhiteSpace((string?)body["output"]));
        Assert.Equal(key, (string?)body["prompt"]!["key"]);
        Assert.Equal(1, (int)body["prompt"]!["version"]!);
        Assert.Equal("label", (string?)body["route"]!["kind"]);
        Assert.Equal("production", (string?)body["route"]!["id"]);
        Assert.Equal("miss", (string?)body["cache"]);
        Assert.Equal("sim-fast", (string?)body["model"]);
        Assert.True((bool)body["simulated"]!);
        Assert.Equal(1, (int)body["attempts"]!);
        Assert.True((int)body["usage"]!["inputTokens"]! > 0);
        Assert.True((int)body["usage"]!["outputTokens"]! > 0);
        Assert.True((decimal)body["costUsd"]! > 0);
        Assert.True((double)body["latencyMs"]! >= 0);
    }

    [Fact]
    public async Task Same_input_gives_the_same_simulated_output()
    {
        var key = await CreateGreetingAsync();
        var first = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables());
        var second = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables());
        var other = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables(language: "Spanish"));
        Assert.Equal((string?)first.Body!["output"], (string?)second.Body!["output"]);
        Assert.NotEqual((string?)first.Body!["output"], (string?)other.Body!["output"]);
    }

    [Fact]
    public async Task Pinned_version_and_requested_label_route_as_asked()
    {
        var key = await CreateGreetingAsync();
        await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new
        {
            template = "Say hi to {{name}} ({{language}}).",
            model = new { model = "sim-fast" },
            variables = new object[] { new { name = "name" }, new { name = "language" } },
        });
        await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/staging", new { version = 2 });

        var pinned = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada", language = "French" }, version = 2 });
        Assert.Equal(2, (int)pinned.Body!["prompt"]!["version"]!);
        Assert.Equal("version", (string?)pinned.Body["route"]!["kind"]);

        var staging = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada", language = "French" }, label = "staging" });
        Assert.Equal(2, (int)staging.Body!["prompt"]!["version"]!);
        Assert.Equal("staging", (string?)staging.Body["route"]!["id"]);

        var production = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables());
        Assert.Equal(1, (int)production.Body!["prompt"]!["version"]!);
    }

    [Theory]
    [InlineData("unknown-prompt", null, null, "prompt-not-found")]
    [InlineData(null, 99, null, "version-not-found")]
    [InlineData(null, null, "canary", "label-not-found")]
    public async Task Unknown_prompt_version_or_label_is_a_404(string? promptKey, int? version, string? label, string code)
    {
        var key = promptKey ?? await CreateGreetingAsync();
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada", language = "French" }, version, label });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("https://promptconsole.dev/problems/" + code, (string?)body!["type"]);
    }

    [Theory]
    [InlineData("{\"variables\": {\"name\": \"Ada\",}")]
    [InlineData("not json at all")]
    [InlineData("{\"variables\": \"should be an object\"}")]
    public async Task Bad_json_is_a_400_problem(string raw)
    {
        var key = await CreateGreetingAsync();
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", raw);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("https://promptconsole.dev/problems/invalid-json", (string?)body!["type"]);
        Assert.NotEmpty(body["errors"]!.AsArray());
    }

    [Fact]
    public async Task Missing_and_mistyped_variables_are_all_named_in_one_400()
    {
        var key = await CreateGreetingAsync();
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { language = "German", age = "old" } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("https://promptconsole.dev/problems/invalid-variables", (string?)body!["type"]);
        var fields = body["errors"]!.AsArray().Select(e => (string?)e!["field"]).Order().ToArray();
        Assert.Equal(new[] { "variables.age", "variables.language", "variables.name" }, fields);
    }

    [Fact]
    public async Task Output_that_fails_its_checks_is_a_422_saying_which()
    {
        var key = await CreateGreetingAsync(checks: new { maxLength = 5, mustBeJson = true });
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("https://promptconsole.dev/problems/output-check-failed", (string?)body!["type"]);
        var failed = body["errors"]!.AsArray().Select(e => (string?)e!["field"]).ToArray();
        Assert.Contains("output.maxLength", failed);
        Assert.Contains("output.json", failed);
    }

    [Fact]
    public async Task Provider_failing_after_retries_is_a_502()
    {
        var key = await CreateGreetingAsync(model: "sim-broken");
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables());
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("https://promptconsole.dev/problems/provider-failed", (string?)body!["type"]);
        Assert.Contains("sim-broken", (string?)body["detail"]);
    }

    [Fact]
    public async Task Fallback_model_answers_when_the_primary_keeps_failing()
    {
        var key = await CreateGreetingAsync(model: "sim-broken", fallbacks: ["sim-fast"]);
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("sim-fast", (string?)body!["model"]);
        Assert.True((int)body["attempts"]! >= 2);
        Assert.Equal(new[] { "sim-broken", "sim-fast" }, body["modelsTried"]!.AsArray().Select(m => (string?)m).ToArray());
    }

    [Fact]
    public async Task Feedback_is_accepted_for_known_executions_only()
    {
        var key = await CreateGreetingAsync();
        var executed = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables());
        var id = (string?)executed.Body!["executionId"];

        var ok = await _client.PostJsonAsync($"/api/v1/executions/{id}/feedback", new { score = 4 });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(4, (int)ok.Body!["score"]!);

        var outOfRange = await _client.PostJsonAsync($"/api/v1/executions/{id}/feedback", new { score = 9 });
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.Status);
        Assert.Equal("score", (string?)outOfRange.Body!["errors"]![0]!["field"]);

        var unknown = await _client.PostJsonAsync($"/api/v1/executions/{Guid.NewGuid()}/feedback", new { score = 3 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);

        var malformed = await _client.PostJsonAsync("/api/v1/executions/not-a-guid/feedback", new { score = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
    }

    [Fact]
    public async Task Automated_scores_are_a_separate_0_to_1_scale_with_an_evaluator_name()
    {
        var key = await CreateGreetingAsync();
        var executed = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", Variables());
        var id = (string?)executed.Body!["executionId"];

        var ok = await _client.PostJsonAsync($"/api/v1/executions/{id}/scores", new { value = 0.8, evaluator = "llm-judge" });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(0.8, (double)ok.Body!["value"]!);
        Assert.Equal("llm-judge", (string?)ok.Body["evaluator"]);
        var unnamed = await _client.PostJsonAsync($"/api/v1/executions/{id}/scores", new { value = 0.4 });
        Assert.Equal("default", (string?)unnamed.Body!["evaluator"]);

        // A 1-5 feedback score sent here by mistake is refused rather than averaged in.
        var feedbackScale = await _client.PostJsonAsync($"/api/v1/executions/{id}/scores", new { value = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, feedbackScale.Status);
        Assert.Equal("https://promptconsole.dev/problems/invalid-score", (string?)feedbackScale.Body!["type"]);
        Assert.Equal("value", (string?)feedbackScale.Body["errors"]![0]!["field"]);

        var badName = await _client.PostJsonAsync($"/api/v1/executions/{id}/scores", new { value = 0.5, evaluator = "My Judge!" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.Status);
        Assert.Equal("evaluator", (string?)badName.Body!["errors"]![0]!["field"]);

        var missing = await _client.PostJsonAsync($"/api/v1/executions/{id}/scores", new { evaluator = "judge" });
        Assert.Equal("value", (string?)missing.Body!["errors"]![0]!["field"]);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/executions/{Guid.NewGuid()}/scores", new { value = 0.5 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostJsonAsync("/api/v1/executions/not-a-guid/scores", new { value = 0.5 })).Status);

        var metrics = await _client.GetJsonAsync($"/api/v1/metrics?window=5m&prompt={key}");
        Assert.Equal(0.6, (double)metrics.Body!["total"]!["quality"]!["automated"]!, 9);
        Assert.Equal(2, (long)metrics.Body["total"]!["quality"]!["automatedCount"]!);
        Assert.Null(metrics.Body["total"]!["quality"]!["feedback"]);

        var scrape = await _client.GetStringAsync("/metrics");
        Assert.Contains($"promptconsole_evaluation_score_count{{prompt=\"{key}\",version=\"1\",evaluator=\"llm-judge\"}} 1", scrape);
    }
}

public abstract class ExecutionApiMetricsTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Executions_and_feedback_reach_the_metrics_store_by_version_and_model()
    {
        var key = $"metrics-{Guid.NewGuid():N}"[..24];
        await _client.CreateDeployedPromptAsync(key, new
        {
            template = "Say hello to {{name}}.",
            model = new { model = "sim-broken", fallbackModels = new[] { "sim-fast" }, maxTokens = 50 },
            variables = new object[] { new { name = "name", type = "String" } },
        });

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = $"n{i}" } });
            Assert.Equal(HttpStatusCode.OK, status);
            ids.Add((string)body!["executionId"]!);
        }

        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/executions/{ids[0]}/feedback", new { score = 5 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/executions/{ids[1]}/feedback", new { score = 2 })).Status);

        var store = app.Factory.Services.GetRequiredService<IMetricsStore>();
        var window = await store.QueryAsync(TimeSpan.FromMinutes(5), new MetricsFilter(PromptKey: key));
        Assert.Equal(3, window.Total.Count);
        Assert.Equal(3, window.Total.Fallbacks);
        Assert.Equal(3.5, window.Total.AverageQuality(QualitySource.Feedback));
        var series = Assert.Single(window.BySeries);
        Assert.Equal(new MetricSeriesKey(key, 1, null, "sim-fast"), series.Key);

        var (apiStatus, api, _) = await _client.GetJsonAsync($"/api/v1/metrics?window=5m&prompt={key}");
        Assert.Equal(HttpStatusCode.OK, apiStatus);
        Assert.Equal("live", (string?)api!["source"]);
        Assert.Equal(3, (long)api["total"]!["count"]!);
        Assert.Equal(3, (long)api["total"]!["outcomes"]!["success"]!);
        Assert.Equal(3, (long)api["total"]!["fallbacks"]!);
        Assert.Equal(3.5, (double)api["total"]!["quality"]!["feedback"]!);
        Assert.Equal("sim-fast", (string?)api["series"]![0]!["model"]);
        Assert.Equal(3, api["points"]!.AsArray().Sum(p => (long)p!["count"]!));

        var hour = await _client.GetJsonAsync($"/api/v1/metrics?window=1h&prompt={key}&version=1&model=sim-fast");
        Assert.Equal("1m", (string?)hour.Body!["source"]);
        Assert.Equal(3, (long)hour.Body["total"]!["count"]!);
        Assert.Equal(0, (long)(await _client.GetJsonAsync($"/api/v1/metrics?window=1h&prompt={key}&version=2")).Body!["total"]!["count"]!);

        var badWindow = await _client.GetJsonAsync("/api/v1/metrics?window=soon");
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.Status);
        Assert.Equal("window", (string?)badWindow.Body!["errors"]![0]!["field"]);
        var badVersion = await _client.GetJsonAsync("/api/v1/metrics?version=abc");
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.Status);
        Assert.Equal("version", (string?)badVersion.Body!["errors"]![0]!["field"]);

        var scrape = await _client.GetStringAsync("/metrics");
        Assert.Contains($"promptconsole_quality_score_count{{prompt=\"{key}\",version=\"1\"}} 2", scrape);
    }
}

public sealed class ExecutionMetricsOnSqlite(SqliteApp app) : ExecutionApiMetricsTests(app), IClassFixture<SqliteApp>;

public sealed class ExecutionMetricsOnPostgres(PostgresApp app) : ExecutionApiMetricsTests(app), IClassFixture<PostgresApp>;

public sealed class ExecutionApiOnSqlite(SqliteApp app) : ExecutionApiTests(app), IClassFixture<SqliteApp>;

public sealed class ExecutionApiOnPostgres(PostgresApp app) : ExecutionApiTests(app), IClassFixture<PostgresApp>;
