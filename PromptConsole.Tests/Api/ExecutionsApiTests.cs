using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Api;

/// <summary>GET /api/v1/executions and /api/v1/executions/{id}: every filter, paging, the detail and every refusal.</summary>
public abstract class ExecutionsApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private async Task<string> CreatePromptAsync(string model = "sim-fast", object? checks = null)
    {
        var key = NewKey("log");
        await _client.CreateDeployedPromptAsync(key, new { template = "Answer {{q}}", model = new { model }, variables = new[] { new { name = "q" } }, checks });
        return key;
    }

    private async Task<JsonNode> ExecuteAsync(string key, string q = "why", int? version = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { q }, version });
        Assert.Equal(expected, status);
        return body!;
    }

    /// <summary>Recording is asynchronous: wait until what was executed is written.</summary>
    private Task FlushAsync() => app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

    private async Task<JsonNode> ListAsync(string query)
    {
        var (status, body, _) = await _client.GetJsonAsync("/api/v1/executions?" + query);
        Assert.True(status == HttpStatusCode.OK, $"{query}: {status} {body}");
        return body!;
    }

    private static IReadOnlyList<string?> Ids(JsonNode list) => list["items"]!.AsArray().Select(i => (string?)i!["id"]).ToArray();

    [Fact]
    public async Task Lists_a_prompts_executions_newest_first_with_the_documented_fields()
    {
        var key = await CreatePromptAsync();
        var first = await ExecuteAsync(key, "one");
        var second = await ExecuteAsync(key, "two");
        await FlushAsync();

        var list = await ListAsync($"prompt={key}");

        Assert.Equal(2, (int)list["total"]!);
        Assert.Equal(0, (int)list["skip"]!);
        Assert.Equal(50, (int)list["take"]!);
        Assert.Equal([(string?)second["executionId"], (string?)first["executionId"]], Ids(list));
        var item = list["items"]![0]!;
        Assert.Equal(key, (string?)item["prompt"]!["key"]);
        Assert.Equal(1, (int)item["prompt"]!["version"]!);
        Assert.Equal("label", (string?)item["route"]!["kind"]);
        Assert.Equal("production", (string?)item["route"]!["id"]);
        Assert.Equal("api", (string?)item["origin"]);
        Assert.Equal("sim-fast", (string?)item["model"]);
        Assert.True((bool)item["simulated"]!);
        Assert.Equal("success", (string?)item["outcome"]);
        Assert.Equal("miss", (string?)item["cache"]);
        Assert.Equal((int)second["usage"]!["outputTokens"]!, (int)item["usage"]!["outputTokens"]!);
        Assert.Equal((decimal)second["costUsd"]!, (decimal)item["costUsd"]!);
        Assert.Equal((string?)second["traceId"], (string?)item["traceId"]);
        Assert.True(DateTimeOffset.TryParse((string?)item["startedAt"], out _));
        Assert.Null(item["captured"]);
    }

    [Fact]
    public async Task Version_filter_selects_one_version_of_the_prompt()
    {
        var key = await CreatePromptAsync();
        var added = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "Answer briefly {{q}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "q" } } });
        Assert.Equal(HttpStatusCode.Created, added.Status);
        await ExecuteAsync(key);
        var pinned = await ExecuteAsync(key, version: 2);
        await FlushAsync();

        var list = await ListAsync($"prompt={key}&version=2");

        Assert.Equal([(string?)pinned["executionId"]], Ids(list));
        Assert.Equal(2, (int)(await ListAsync($"prompt={key}"))["total"]!);
    }

    [Fact]
    public async Task Outcome_and_error_type_filters_find_the_failures()
    {
        var key = await CreatePromptAsync("sim-broken");
        var rejectedKey = await CreatePromptAsync(checks: new { maxLength = 3 });
        await ExecuteAsync(key, expected: HttpStatusCode.BadGateway);
        await ExecuteAsync(rejectedKey, expected: HttpStatusCode.UnprocessableEntity);
        await FlushAsync();

        var failed = await ListAsync($"prompt={key}&outcome=provider_failed");
        var item = Assert.Single(failed["items"]!.AsArray())!;
        Assert.Equal("provider_failed", (string?)item["outcome"]);
        var errorType = (string?)item["errorType"];
        Assert.False(string.IsNullOrEmpty(errorType));
        Assert.Equal(1, (int)(await ListAsync($"prompt={key}&errorType={Uri.EscapeDataString(errorType!)}"))["total"]!);
        Assert.Equal(0, (int)(await ListAsync($"prompt={key}&errorType=no-such-error"))["total"]!);
        Assert.Equal(0, (int)(await ListAsync($"prompt={key}&outcome=success"))["total"]!);

        var rejected = await ListAsync($"prompt={rejectedKey}&outcome=output_rejected");
        Assert.Equal("output_rejected", (string?)Assert.Single(rejected["items"]!.AsArray())!["outcome"]);
    }

    [Fact]
    public async Task Model_cache_and_trace_id_filters()
    {
        var key = await CreatePromptAsync();
        var executed = await ExecuteAsync(key);
        await ExecuteAsync(key, "other");
        await FlushAsync();

        Assert.Equal(2, (int)(await ListAsync($"prompt={key}&model=sim-fast"))["total"]!);
        Assert.Equal(0, (int)(await ListAsync($"prompt={key}&model=sim-broken"))["total"]!);
        Assert.Equal(2, (int)(await ListAsync($"prompt={key}&cache=miss"))["total"]!);
        Assert.Equal(0, (int)(await ListAsync($"prompt={key}&cache=exact"))["total"]!);
        Assert.Equal([(string?)executed["executionId"]], Ids(await ListAsync($"traceId={(string?)executed["traceId"]}")));
    }

    [Fact]
    public async Task Origin_filter_tells_openai_compatible_requests_from_api_ones()
    {
        var key = await CreatePromptAsync();
        await ExecuteAsync(key);
        var (status, chat, _) = await _client.PostJsonAsync("/v1/chat/completions", new { model = "sim-fast", messages = new[] { new { role = "user", content = "hello" } } });
        Assert.Equal(HttpStatusCode.OK, status);
        await FlushAsync();

        Assert.Equal(1, (int)(await ListAsync($"prompt={key}&origin=api"))["total"]!);
        Assert.Equal(0, (int)(await ListAsync($"prompt={key}&origin=openai_compatible"))["total"]!);
        var openAi = await ListAsync($"origin=openai_compatible&prompt=_chat&take=200");
        Assert.NotEmpty(openAi["items"]!.AsArray());
        Assert.All(openAi["items"]!.AsArray(), i => Assert.Equal("openai_compatible", (string?)i!["origin"]));
        Assert.Equal(0, (int)(await ListAsync($"prompt={key}&origin=demo_traffic"))["total"]!);
        Assert.NotNull(chat);
    }

    [Fact]
    public async Task Time_range_is_from_inclusive_to_exclusive()
    {
        var key = await CreatePromptAsync();
        for (var i = 0; i < 3; i++)
            await ExecuteAsync(key, $"q{i}");
        await FlushAsync();
        var times = (await ListAsync($"prompt={key}"))["items"]!.AsArray().Select(i => (string)i!["startedAt"]!).Reverse().ToArray();

        var fromSecond = await ListAsync($"prompt={key}&from={Uri.EscapeDataString(times[1])}");
        var beforeSecond = await ListAsync($"prompt={key}&to={Uri.EscapeDataString(times[1])}");
        var onlySecond = await ListAsync($"prompt={key}&from={Uri.EscapeDataString(times[1])}&to={Uri.EscapeDataString(times[2])}");

        Assert.Equal(2, (int)fromSecond["total"]!);
        Assert.Equal(1, (int)beforeSecond["total"]!);
        Assert.Equal([times[1]], onlySecond["items"]!.AsArray().Select(i => (string)i!["startedAt"]!));
        Assert.Equal(0, (int)(await ListAsync($"prompt={key}&to=2000-01-01T00:00:00Z"))["total"]!);
    }

    [Fact]
    public async Task Pages_with_skip_and_take_and_counts_every_match()
    {
        var key = await CreatePromptAsync();
        for (var i = 0; i < 5; i++)
            await ExecuteAsync(key, $"q{i}");
        await FlushAsync();
        var all = Ids(await ListAsync($"prompt={key}"));

        var page = await ListAsync($"prompt={key}&skip=2&take=2");

        Assert.Equal(5, (int)page["total"]!);
        Assert.Equal(all.Skip(2).Take(2), Ids(page));
        Assert.Empty(Ids(await ListAsync($"prompt={key}&skip=5&take=2")));
        Assert.Equal(5, Ids(await ListAsync($"prompt={key}&take=200")).Count);
    }

    [Fact]
    public async Task Detail_has_the_whole_record_and_captured_text_only_when_capture_is_on()
    {
        var key = await CreatePromptAsync();
        var plain = await ExecuteAsync(key, "secret question");
        var updated = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}", new { captureEnabled = true, captureRetentionDays = 3 });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var captured = await ExecuteAsync(key, "kept question");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/executions/{(string?)plain["executionId"]}/feedback", new { score = 4 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/executions/{(string?)plain["executionId"]}/scores", new { value = 0.25, evaluator = "judge" })).Status);
        await FlushAsync();

        var (status, detail, _) = await _client.GetJsonAsync($"/api/v1/executions/{(string?)plain["executionId"]}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((string?)plain["executionId"], (string?)detail!["id"]);
        Assert.Equal(key, (string?)detail["prompt"]!["key"]);
        Assert.Equal(64, ((string?)detail["inputHash"])!.Length);
        Assert.Equal(64, ((string?)detail["outputHash"])!.Length);
        Assert.Equal(1, (int)detail["attempts"]!);
        Assert.Equal(4, (int)detail["feedback"]!["score"]!);
        Assert.Equal(0.25, (double)detail["automatedScore"]!["value"]!);
        Assert.Equal("judge", (string?)detail["automatedScore"]!["evaluator"]);
        Assert.True((double)detail["stages"]!["providerMs"]! >= 0);
        Assert.True((double)detail["stages"]!["renderMs"]! >= 0);
        Assert.Null(detail["captured"]);
        Assert.Null(detail["traceUrl"]); // no template configured
        Assert.DoesNotContain("secret question", detail.ToJsonString(), StringComparison.Ordinal);

        var (_, kept, _) = await _client.GetJsonAsync($"/api/v1/executions/{(string?)captured["executionId"]}");
        Assert.Null(kept!["automatedScore"]);
        Assert.Contains("kept question", (string?)kept!["captured"]!["input"], StringComparison.Ordinal);
        Assert.Equal((string?)captured["output"], (string?)kept["captured"]!["output"]);
        Assert.NotNull(kept["captured"]!["expiresAt"]);
    }

    [Fact]
    public async Task Unknown_id_is_a_404_problem_and_a_malformed_one_a_400()
    {
        var id = Guid.NewGuid();
        var (status, body, response) = await _client.GetJsonAsync($"/api/v1/executions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("execution-not-found", (string?)body!["code"]);
        Assert.Contains(id.ToString(), (string?)body["detail"], StringComparison.Ordinal);

        var (badStatus, bad, _) = await _client.GetJsonAsync("/api/v1/executions/not-a-guid");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal("invalid-execution-id", (string?)bad!["code"]);
        Assert.Equal("id", (string?)bad["errors"]![0]!["field"]);
    }

    [Theory]
    [InlineData("prompt=Not%20A%20Key", "prompt")]
    [InlineData("version=0", "version")]
    [InlineData("version=two", "version")]
    [InlineData("outcome=broken", "outcome")]
    [InlineData("cache=warm", "cache")]
    [InlineData("origin=cron", "origin")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-02-30T00:00:00Z", "to")]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    [InlineData("traceId=abc", "traceId")]
    [InlineData("skip=-1", "skip")]
    [InlineData("take=0", "take")]
    [InlineData("take=201", "take")]
    [InlineData("take=lots", "take")]
    public async Task A_bad_filter_is_a_400_problem_naming_the_field(string query, string field)
    {
        var (status, body, response) = await _client.GetJsonAsync("/api/v1/executions?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://promptconsole.dev/problems/invalid-execution-filter", (string?)body!["type"]);
        Assert.Equal([field], body["errors"]!.AsArray().Select(e => (string?)e!["field"]));
    }

    [Fact]
    public async Task The_openapi_document_describes_both_endpoints()
    {
        var (status, body, _) = await _client.GetJsonAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, status);
        var paths = body!["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/executions"));
        Assert.True(paths.ContainsKey("/api/v1/executions/{id}"));
        var parameters = paths["/api/v1/executions"]!["get"]!["parameters"]!.AsArray().Select(p => ((string?)p!["name"])?.ToLowerInvariant()).ToArray();
        Assert.Contains("prompt", parameters);
        Assert.Contains("take", parameters);
    }
}

public sealed class ExecutionsApiOnSqlite(SqliteApp app) : ExecutionsApiTests(app), IClassFixture<SqliteApp>;

public sealed class ExecutionsApiOnPostgres(PostgresApp app) : ExecutionsApiTests(app), IClassFixture<PostgresApp>;

public sealed class ExecutionTraceUrlTests
{
    [Fact]
    public async Task The_detail_links_the_trace_through_the_configured_template()
    {
        using var app = new PromptConsoleFactory().WithSetting("PromptConsole:Tracing:TraceUrlTemplate", "http://jaeger.test:16686/trace/{traceId}");
        var client = app.CreateClient();
        await client.CreateDeployedPromptAsync("traced", new { template = "Hi {{name}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "name" } } });
        var (_, executed, _) = await client.PostJsonAsync("/api/v1/prompts/traced/execute", new { variables = new { name = "Ada" } });
        await app.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

        var (status, detail, _) = await client.GetJsonAsync($"/api/v1/executions/{(string?)executed!["executionId"]}");

        Assert.Equal(HttpStatusCode.OK, status);
        var traceId = (string?)executed["traceId"];
        Assert.Equal(32, traceId!.Length);
        Assert.Equal(traceId, (string?)detail!["traceId"]);
        Assert.Equal($"http://jaeger.test:16686/trace/{traceId}", (string?)detail["traceUrl"]);
    }
}
