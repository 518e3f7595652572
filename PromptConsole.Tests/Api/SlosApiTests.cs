using System.Net;
using System.Text.Json.Nodes;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

/// <summary>The SLO API contract on the real app: CRUD, audit, bad input as problems naming the field, ids, the Prometheus rules route.</summary>
public abstract class SlosApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private async Task<string> CreatePromptAsync()
    {
        var key = NewKey("slo");
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        return key;
    }

    private static object Availability(string? prompt, string name = "Answers arrive", double objective = 99.5) =>
        new { name, prompt, indicator = "availability", objective, periodDays = 30 };

    private async Task<JsonNode> CreateAsync(object body)
    {
        var created = await _client.PostJsonAsync("/api/v1/slos", body);
        Assert.True(created.Status == HttpStatusCode.Created, $"{created.Status}: {created.Body?.ToJsonString()}");
        return created.Body!;
    }

    [Fact]
    public async Task An_SLO_is_created_read_changed_and_deleted_with_an_audit_trail()
    {
        var prompt = await CreatePromptAsync();

        var created = await _client.PostJsonAsync("/api/v1/slos", Availability(prompt));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Body!["id"]!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"/api/v1/slos/{id}", created.Response.Headers.Location?.ToString());
        Assert.Equal(prompt, (string?)created.Body["prompt"]);
        Assert.Equal("availability", (string?)created.Body["indicator"]);
        Assert.Equal(99.5, (double)created.Body["objective"]!);
        Assert.Equal(30, (int)created.Body["periodDays"]!);

        var read = await _client.GetJsonAsync($"/api/v1/slos/{id}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("Answers arrive", (string?)read.Body!["name"]);
        Assert.Contains((await _client.GetJsonAsync("/api/v1/slos")).Body!.AsArray(), s => (string?)s!["id"] == id);

        var changed = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/slos/{id}",
            new { name = "Answers are quick", prompt, indicator = "latency", objective = 99, periodDays = 7, latencyThresholdMs = 1500 });
        Assert.True(changed.Status == HttpStatusCode.OK, changed.Body?.ToJsonString());
        Assert.Equal("latency", (string?)changed.Body!["indicator"]);
        Assert.Equal(1500, (double)changed.Body["latencyThresholdMs"]!);
        Assert.Equal(7, (int)(await _client.GetJsonAsync($"/api/v1/slos/{id}")).Body!["periodDays"]!);

        var deleted = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/slos/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/slos/{id}")).Status);

        var audit = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/audit")).Body!.AsArray()
            .Where(e => (string?)e!["target"] == $"slo:{id}")
            .Select(e => (string?)e!["action"])
            .ToArray();
        Assert.Equal(["slo.created", "slo.deleted", "slo.updated"], audit.Order());
    }

    [Fact]
    public async Task An_SLO_for_every_prompt_has_a_null_prompt()
    {
        var created = await CreateAsync(Availability(null, "Every prompt answers"));

        Assert.True(created.AsObject().ContainsKey("prompt"));
        Assert.Null(created["prompt"]);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "objective 100", """{"name":"x","indicator":"availability","objective":100,"periodDays":30}""", "objective" },
        { "objective 0", """{"name":"x","indicator":"availability","objective":0,"periodDays":30}""", "objective" },
        { "objective not a number", """{"name":"x","indicator":"availability","objective":"high","periodDays":30}""", "objective" },
        { "period of 14 days", """{"name":"x","indicator":"availability","objective":99,"periodDays":14}""", "periodDays" },
        { "period not whole", """{"name":"x","indicator":"availability","objective":99,"periodDays":7.5}""", "periodDays" },
        { "unknown indicator", """{"name":"x","indicator":"speed","objective":99,"periodDays":30}""", "indicator" },
        { "missing name", """{"indicator":"availability","objective":99,"periodDays":30}""", "name" },
        { "latency without threshold", """{"name":"x","indicator":"latency","objective":99,"periodDays":30}""", "latencyThresholdMs" },
        { "latency threshold on availability", """{"name":"x","indicator":"availability","objective":99,"periodDays":30,"latencyThresholdMs":100}""", "latencyThresholdMs" },
        { "quality threshold above 1", """{"name":"x","indicator":"quality","objective":99,"periodDays":30,"qualityThreshold":4}""", "qualityThreshold" },
        { "prompt that is not a key", """{"name":"x","prompt":"Not A Key","indicator":"availability","objective":99,"periodDays":30}""", "prompt" },
        { "not an object", "[1]", "body" },
        { "truncated JSON", """{"name":""", "name" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_naming_the_field(string rule, string body, string field)
    {
        var created = await _client.PostJsonAsync("/api/v1/slos", body);

        Assert.True(created.Status == HttpStatusCode.BadRequest, $"{rule}: {created.Status}");
        Assert.Equal("application/problem+json", created.Response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("https://promptconsole.dev/problems/", (string?)created.Body!["type"]);
        Assert.Contains(created.Body["errors"]!.AsArray(), e => (string?)e!["field"] == field);
    }

    [Fact]
    public async Task A_change_is_checked_like_a_creation()
    {
        var id = (string)(await CreateAsync(Availability(null)))["id"]!;

        var changed = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/slos/{id}", """{"name":"x","indicator":"availability","objective":100.5,"periodDays":30}""");

        Assert.Equal(HttpStatusCode.BadRequest, changed.Status);
        Assert.Equal("objective", (string?)changed.Body!["errors"]![0]!["field"]);
        Assert.Equal(99.5, (double)(await _client.GetJsonAsync($"/api/v1/slos/{id}")).Body!["objective"]!);
    }

    [Fact]
    public async Task An_unknown_prompt_is_not_found_naming_the_prompt()
    {
        var created = await _client.PostJsonAsync("/api/v1/slos", Availability("no-such-prompt"));

        Assert.Equal(HttpStatusCode.NotFound, created.Status);
        Assert.Equal("https://promptconsole.dev/problems/prompt-not-found", (string?)created.Body!["type"]);
        Assert.Equal("prompt", (string?)created.Body["errors"]![0]!["field"]);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "")]
    [InlineData("DELETE", "")]
    [InlineData("GET", "/status")]
    [InlineData("GET", "/burn?range=1h")]
    public async Task An_unknown_id_is_not_found(string method, string suffix)
    {
        var answer = await _client.SendJsonAsync(new HttpMethod(method), $"/api/v1/slos/{Guid.NewGuid()}{suffix}", method == "PUT" ? Availability(null) : null);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("https://promptconsole.dev/problems/slo-not-found", (string?)answer.Body!["type"]);
    }

    [Theory]
    [InlineData("GET", "/api/v1/slos/not-a-guid")]
    [InlineData("PUT", "/api/v1/slos/not-a-guid")]
    [InlineData("DELETE", "/api/v1/slos/42")]
    [InlineData("GET", "/api/v1/slos/not-a-guid/status")]
    [InlineData("GET", "/api/v1/slos/not-a-guid/burn")]
    public async Task An_id_that_is_not_a_guid_is_not_found(string method, string url)
    {
        var answer = await _client.SendJsonAsync(new HttpMethod(method), url, method == "PUT" ? Availability(null) : null);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Fact]
    public async Task The_Prometheus_rules_are_YAML_naming_every_SLO()
    {
        var prompt = await CreatePromptAsync();
        var id = (string)(await CreateAsync(Availability(prompt, "Rules for me")))["id"]!;

        using var response = await _client.GetAsync("/api/v1/slos/prometheus-rules");
        var yaml = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"slo_id: \"{id}\"", yaml, StringComparison.Ordinal);
        Assert.Contains($"promptconsole_executions_total{{prompt=\"{prompt}\",status=~\"output_rejected|provider_failed\"}}", yaml, StringComparison.Ordinal);
        Assert.Contains("severity: page", yaml, StringComparison.Ordinal);
        Assert.Contains("severity: ticket", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("31d")]
    [InlineData("0h")]
    public async Task A_burn_range_that_is_not_a_duration_up_to_30_days_is_refused(string range)
    {
        var id = (string)(await CreateAsync(Availability(null)))["id"]!;

        var answer = await _client.GetJsonAsync($"/api/v1/slos/{id}/burn?range={range}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("range", (string?)answer.Body!["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task Without_traffic_the_budget_is_whole_and_nothing_burns()
    {
        var prompt = await CreatePromptAsync();
        var id = (string)(await CreateAsync(Availability(prompt)))["id"]!;

        var status = await _client.GetJsonAsync($"/api/v1/slos/{id}/status");

        Assert.Equal(HttpStatusCode.OK, status.Status);
        var body = status.Body!.AsObject();
        foreach (var field in new[] { "id", "name", "prompt", "indicator", "objective", "periodDays", "budgetRemaining", "sli", "events", "badEvents", "burnRates", "burning", "burningReason", "alerts", "evaluatedAt" })
            Assert.True(body.ContainsKey(field), $"status has no '{field}': {body.ToJsonString()}");
        Assert.Equal(1, (double)body["budgetRemaining"]!);
        Assert.Equal(0, (long)body["events"]!);
        Assert.Null(body["sli"]);
        Assert.Null(body["burning"]);
        Assert.Equal(["5m", "30m", "1h", "6h", "1d", "3d"], body["burnRates"]!.AsObject().Select(p => p.Key));
        Assert.All(body["burnRates"]!.AsObject(), p => Assert.Null(p.Value));
        Assert.Empty(body["alerts"]!.AsArray());

        var burn = await _client.GetJsonAsync($"/api/v1/slos/{id}/burn?range=24h");
        Assert.Equal(HttpStatusCode.OK, burn.Status);
        Assert.Equal("24h", (string?)burn.Body!["range"]);
        Assert.InRange(burn.Body["points"]!.AsArray().Count, 90, 100);
    }
}

public sealed class SlosApiOnSqlite(SqliteApp app) : SlosApiTests(app), IClassFixture<SqliteApp>;

public sealed class SlosApiOnPostgres(PostgresApp app) : SlosApiTests(app), IClassFixture<PostgresApp>;
