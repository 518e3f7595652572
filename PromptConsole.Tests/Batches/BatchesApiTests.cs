using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using static PromptConsole.Tests.Batches.BatchTestClient;

namespace PromptConsole.Tests.Batches;

/// <summary>
/// The batch API contract on the real app and database: JSON and JSONL uploads, problems that name the item, a run
/// to completion on the simulator with its results JSONL, cancelling, access, and the metrics. Besides the instant
/// simulator the app knows "sim-slow" (300 ms a call) so a job is still running when a test cancels it.
/// </summary>
public abstract class BatchesApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task A_JSON_batch_is_accepted_runs_to_completion_and_its_results_download_as_JSONL()
    {
        var key = await CreatePromptAsync(_client);
        var body = new
        {
            items = new object[]
            {
                new { variables = new { name = "Ada" }, customId = "a-1" },
                new { variables = new { name = "Grace" }, subject = "user-7", customId = "a-2" },
                new { variables = new { name = "Linus" } },
            },
        };
        var (status, created, response) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", body);

        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = (string)created!["id"]!;
        Assert.Equal($"/api/v1/batches/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(3, (int)created["counts"]!["total"]!);
        Assert.Equal("gateway", (string?)created["mode"]);
        Assert.Equal(1, (int)created["version"]!);
        Assert.Equal("production", (string?)created["label"]);

        var done = await WaitAsync(_client, id);
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(3, (int)done["counts"]!["succeeded"]!);
        Assert.Equal(0, (int)done["counts"]!["pending"]!);
        Assert.Equal(1.0, (double)done["progress"]!);
        Assert.True((long)done["usage"]!["inputTokens"]! > 0);
        Assert.True((decimal)done["costUsd"]! > 0);
        Assert.NotNull(done["startedAt"]);
        Assert.NotNull(done["finishedAt"]);
        Assert.NotNull(done["expiresAt"]);

        var lines = await ResultsAsync(_client, id);
        Assert.Equal([0, 1, 2], lines.Select(l => (int)l["index"]!));
        Assert.Equal(["a-1", "a-2", null], lines.Select(l => (string?)l["customId"]));
        Assert.All(lines, l =>
        {
            Assert.Equal("succeeded", (string?)l["status"]);
            Assert.False(string.IsNullOrEmpty((string?)l["output"]));
            Assert.Null(l["error"]);
            Assert.True(Guid.TryParse((string?)l["executionId"], out _));
            Assert.True((int)l["usage"]!["inputTokens"]! > 0);
            Assert.NotNull(l["latencyMs"]);
        });

        // Each item is an execution like any other, told apart by its origin.
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var execution = await _client.GetJsonAsync($"/api/v1/executions/{(string)lines[1]["executionId"]!}");
        Assert.Equal(HttpStatusCode.OK, execution.Status);
        Assert.Equal("batch", (string?)execution.Body!["origin"]);
        Assert.Equal(key, (string?)execution.Body["prompt"]!["key"]);
    }

    [Fact]
    public async Task A_JSONL_upload_takes_one_item_per_line_and_its_options_from_the_query()
    {
        var key = await CreatePromptAsync(_client);
        var jsonl = "{\"variables\":{\"name\":\"Ada\"},\"customId\":\"x\"}\n\n{\"variables\":{\"name\":\"Bob\"}}\r\n";
        var (status, created, _) = await PostJsonLinesAsync(_client, $"/api/v1/prompts/{key}/batches?version=1&mode=gateway", jsonl, "application/x-ndjson");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, (int)created!["counts"]!["total"]!);
        Assert.Null(created["label"]);
        var done = await WaitAsync(_client, (string)created["id"]!);
        Assert.Equal(2, (int)done["counts"]!["succeeded"]!);
        var lines = await ResultsAsync(_client, (string)created["id"]!);
        Assert.Equal("x", (string?)lines[0]["customId"]);
    }

    [Fact]
    public async Task Items_that_do_not_fit_the_version_are_reported_by_position_before_anything_runs()
    {
        var key = await CreatePromptAsync(_client);
        var json = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new
        {
            items = new object?[] { new { variables = new { name = "Ada" } }, new { variables = new { } }, null, new { variables = new { name = "Bo" } }, new { variables = new { nom = "x" } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, json.Status);
        Assert.Equal("application/problem+json", json.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["items[2]"], Fields(json.Body!));

        json = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new
        {
            items = new object[] { new { variables = new { name = "Ada" } }, new { variables = new { } }, new { variables = new { name = "Bo" } }, new { variables = new { nom = "x" } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, json.Status);
        Assert.Equal("https://promptconsole.dev/problems/invalid-batch-items", (string?)json.Body!["type"]);
        Assert.Equal(["items[1].variables.name", "items[3].variables.name"], Fields(json.Body));

        var malformed = await PostJsonLinesAsync(_client, $"/api/v1/prompts/{key}/batches", "{\"variables\":{\"name\":\"Ada\"}}\n{\"variables\":{\"name\":\"Bo\"}}\n{\"variables\": {\"name\": }\n");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        var error = Assert.Single(malformed.Body!["errors"]!.AsArray());
        Assert.StartsWith("line 3", (string?)error!["field"]);
        Assert.Equal(3, (int)error["line"]!);

        var unbound = await PostJsonLinesAsync(_client, $"/api/v1/prompts/{key}/batches", "{\"variables\":{\"name\":\"Ada\"}}\n{\"variables\":{}}\n");
        Assert.Equal(HttpStatusCode.BadRequest, unbound.Status);
        Assert.Equal(["line 2.variables.name"], Fields(unbound.Body!));

        var badJson = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", "{\"items\": [{\"variables\": 5}]}");
        Assert.Equal(HttpStatusCode.BadRequest, badJson.Status);
        Assert.Equal(["items[0].variables"], Fields(badJson.Body!));

        var mode = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new { items = new[] { new { variables = new { name = "A" } } }, mode = "overnight" });
        Assert.Equal(["mode"], Fields(mode.Body!));

        // The simulator is no OpenAI-compatible provider: provider-batch mode is refused for it.
        var providerBatch = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new { items = new[] { new { variables = new { name = "A" } } }, mode = "provider-batch" });
        Assert.Equal(HttpStatusCode.BadRequest, providerBatch.Status);
        Assert.Equal(["mode"], Fields(providerBatch.Body!));

        var empty = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new { items = Array.Empty<object>() });
        Assert.Equal(["items"], Fields(empty.Body!));

        var tooMany = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new { items = Enumerable.Range(0, 6).Select(i => new { variables = new { name = $"n{i}" } }).ToArray() });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.Status);

        var tooManyLines = await PostJsonLinesAsync(_client, $"/api/v1/prompts/{key}/batches", string.Concat(Enumerable.Repeat("{\"variables\":{\"name\":\"x\"}}\n", 6)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyLines.Status);
        Assert.Equal(["body"], Fields(tooManyLines.Body!));

        var unknown = await _client.PostJsonAsync("/api/v1/prompts/no-such-prompt/batches", new { items = new[] { new { variables = new { name = "A" } } } });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var unknownVersion = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new { items = new[] { new { variables = new { name = "A" } } }, version = 9 });
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.Status);

        // Nothing was stored by any of the refused requests.
        var listed = await _client.GetJsonAsync($"/api/v1/batches?prompt={key}");
        Assert.Empty(listed.Body!.AsArray());
    }

    [Fact]
    public async Task A_body_over_the_batch_size_limit_is_refused_with_413()
    {
        var key = await CreatePromptAsync(_client);
        var big = new string('x', 70 * 1024);
        var (status, body, _) = await PostJsonLinesAsync(_client, $"/api/v1/prompts/{key}/batches", $"{{\"variables\":{{\"name\":\"{big}\"}}}}\n");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(["body"], Fields(body!));
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_is_idempotent_and_conflicts_once_a_job_finished()
    {
        var key = await CreatePromptAsync(_client, model: "sim-slow");
        var (_, created, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new { items = Enumerable.Range(0, 5).Select(i => new { variables = new { name = $"n{i}" } }).ToArray() });
        var id = (string)created!["id"]!;
        await WaitAsync(_client, id, job => (int)job["counts"]!["succeeded"]! >= 1);

        var cancelled = await _client.PostJsonAsync($"/api/v1/batches/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("cancelled", (string?)cancelled.Body!["status"]);
        var again = await _client.PostJsonAsync($"/api/v1/batches/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, again.Status);

        // In-flight items finish; the rest are cancelled and never run.
        var settled = await WaitAsync(_client, id, job => (int)job["counts"]!["pending"]! == 0);
        Assert.Equal("cancelled", (string?)settled["status"]);
        Assert.True((int)settled["counts"]!["cancelled"]! >= 1, settled.ToJsonString());
        Assert.Equal(5, (int)settled["counts"]!["succeeded"]! + (int)settled["counts"]!["cancelled"]!);
        var lines = await ResultsAsync(_client, id);
        Assert.All(lines.Where(l => (string?)l["status"] == "cancelled"), l => Assert.Null(l["executionId"]));

        var cancelledList = await _client.GetJsonAsync($"/api/v1/batches?prompt={key}&status=cancelled");
        Assert.Single(cancelledList.Body!.AsArray());

        var quick = await _client.PostJsonAsync($"/api/v1/prompts/{await CreatePromptAsync(_client)}/batches", new { items = new[] { new { variables = new { name = "A" } } } });
        var quickId = (string)quick.Body!["id"]!;
        await WaitAsync(_client, quickId);
        var late = await _client.PostJsonAsync($"/api/v1/batches/{quickId}/cancel");
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal("https://promptconsole.dev/problems/batch-finished", (string?)late.Body!["type"]);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/batches/{Guid.NewGuid()}/cancel")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/batches/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetJsonAsync("/api/v1/batches/not-a-guid")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetJsonAsync("/api/v1/batches?status=sleeping")).Status);
    }

    [Fact]
    public async Task An_execute_key_runs_batches_and_a_key_without_the_scope_is_refused()
    {
        var key = await CreatePromptAsync(_client);
        var executeKey = await _client.PostJsonAsync("/api/v1/keys", new { name = NewKey("bk"), scopes = new[] { "execute" } });
        var evaluateKey = await _client.PostJsonAsync("/api/v1/keys", new { name = NewKey("ek"), scopes = new[] { "evaluate" } });
        using var executor = app.Factory.CreateClientWithKey((string)executeKey.Body!["secret"]!);
        using var evaluator = app.Factory.CreateClientWithKey((string)evaluateKey.Body!["secret"]!);
        var body = new { items = new[] { new { variables = new { name = "A" } } } };

        var created = await executor.PostJsonAsync($"/api/v1/prompts/{key}/batches", body);
        Assert.Equal(HttpStatusCode.Accepted, created.Status);
        await WaitAsync(executor, (string)created.Body!["id"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.PostJsonAsync($"/api/v1/prompts/{key}/batches", body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetJsonAsync("/api/v1/batches")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateAnonymousClient().GetJsonAsync("/api/v1/batches")).Status);
    }

    [Fact]
    public async Task Batch_metrics_appear_on_the_metrics_endpoint()
    {
        var key = await CreatePromptAsync(_client);
        var (_, created, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new { items = Enumerable.Range(0, 3).Select(i => new { variables = new { name = $"n{i}" } }).ToArray() });
        await WaitAsync(_client, (string)created!["id"]!);

        var scrape = await _client.GetStringAsync("/metrics");
        Assert.Contains($"promptconsole_batch_items_processed_total{{prompt=\"{key}\",status=\"succeeded\"}} 3", scrape);
        Assert.Contains($"promptconsole_batch_size_items_count{{prompt=\"{key}\"}} 1", scrape);
        Assert.Contains("promptconsole_batch_queue_wait_seconds_count{mode=\"gateway\"}", scrape);
        Assert.Contains("promptconsole_batch_jobs_running ", scrape);
        Assert.Contains($"promptconsole_batch_jobs_finished_total{{prompt=\"{key}\",status=\"completed\"}} 1", scrape);
    }
}

/// <summary>The batch tests' app: at most five items a job and a 64 KiB body, a slow simulator model, a short poll.</summary>
public abstract class BatchesApp(TestDatabaseProvider provider) : ApiAppFixture(provider, new Dictionary<string, string?>
{
    ["PromptConsole:Batches:MaxItems"] = "5",
    ["PromptConsole:Batches:MaxBodyBytes"] = "65536",
    ["PromptConsole:Batches:PollInterval"] = "00:00:00.200",
    ["PromptConsole:Batches:ConcurrencyPerProvider"] = "2",
    ["PromptConsole:Providers:slow:Kind"] = "Simulator",
    ["PromptConsole:Providers:slow:LatencyMedianMs"] = "300",
    ["PromptConsole:Providers:slow:LatencyP95Ms"] = "300",
    ["PromptConsole:Providers:slow:ErrorRate"] = "0",
    ["PromptConsole:Models:sim-slow:Provider"] = "slow",
    ["PromptConsole:Models:sim-slow:InputPer1K"] = "0.001",
    ["PromptConsole:Models:sim-slow:OutputPer1K"] = "0.002",
});

public sealed class BatchesSqliteApp() : BatchesApp(TestDatabaseProvider.Sqlite);

public sealed class BatchesPostgresApp() : BatchesApp(TestDatabaseProvider.Postgres);

public sealed class BatchesApiOnSqlite(BatchesSqliteApp app) : BatchesApiTests(app), IClassFixture<BatchesSqliteApp>;

public sealed class BatchesApiOnPostgres(BatchesPostgresApp app) : BatchesApiTests(app), IClassFixture<BatchesPostgresApp>;
