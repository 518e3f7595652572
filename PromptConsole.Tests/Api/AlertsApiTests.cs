using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The alerts API contract on the real app with fakes of the channels and the SLO evaluator: rule CRUD with audits,
/// problems naming the field, the history, and acknowledging an alert raised by real (failing) simulator traffic.
/// </summary>
public abstract class AlertsApiTests(AlertsApp app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private async Task<string> CreatePromptAsync(string model = "sim-fast")
    {
        var key = NewKey("alert");
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model }, variables = new object[] { new { name = "name" } } });
        return key;
    }

    private object Rule(string prompt, string name = "errors up", string condition = "error-rate-spike", double? threshold = 0.05, object? channels = null) => new
    {
        name,
        prompt,
        condition,
        threshold,
        window = "5m",
        severity = "page",
        actions = new[] { "notify" },
        channels = channels ?? new[] { app.Channels.Add("on-call").Id },
    };

    [Fact]
    public async Task Rules_are_created_read_replaced_and_deleted_with_audits()
    {
        var prompt = await CreatePromptAsync();
        var created = await _client.PostJsonAsync("/api/v1/alerts/rules", Rule(prompt));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        var id = (string)created.Body!["id"]!;
        Assert.Equal($"/api/v1/alerts/rules/{id}", created.Response.Headers.Location?.OriginalString);
        Assert.Equal("error-rate-spike", (string?)created.Body["condition"]);
        Assert.Equal("production", (string?)created.Body["label"]);
        Assert.True((bool)created.Body["enabled"]!);

        Assert.Contains((await _client.GetJsonAsync("/api/v1/alerts/rules")).Body!.AsArray(), r => (string?)r!["id"] == id);
        Assert.Equal(0.05, (double)(await _client.GetJsonAsync($"/api/v1/alerts/rules/{id}")).Body!["threshold"]!);

        var replaced = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/alerts/rules/{id}", Rule(prompt, name: "errors way up", threshold: 0.2));
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal((0.2, "errors way up"), ((double)replaced.Body!["threshold"]!, (string?)replaced.Body["name"]));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/alerts/rules/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/alerts/rules/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/alerts/rules/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/alerts/rules/{Guid.NewGuid()}", Rule(prompt))).Status);

        var actions = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/audit")).Body!.AsArray().Select(a => (string?)a!["action"]).ToArray();
        Assert.Contains("alert-rule.created", actions);
        Assert.Contains("alert-rule.updated", actions);
        Assert.Contains("alert-rule.deleted", actions);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "unknown condition", """{"name":"x","condition":"error-spike","actions":[]}""", "condition" },
        { "window not a duration", """{"name":"x","condition":"error-rate-spike","window":"five minutes","actions":[]}""", "window" },
        { "threshold out of range", """{"name":"x","condition":"success-rate-drop","threshold":1.5,"actions":[]}""", "threshold" },
        { "unknown severity", """{"name":"x","condition":"provider-failures","severity":"urgent","actions":[]}""", "severity" },
        { "unknown action", """{"name":"x","condition":"provider-failures","actions":["notify","shout"],"channels":["0193a3b0-0000-7000-8000-000000000001"]}""", "actions[1]" },
        { "slo-burn without an slo", """{"name":"x","condition":"slo-burn","actions":[]}""", "slo" },
        { "escalateAfter not a duration", """{"name":"x","condition":"provider-failures","actions":[],"escalateAfter":"soon","escalationChannel":"0193a3b0-0000-7000-8000-000000000001"}""", "escalateAfter" },
        { "escalateAfter without a channel", """{"name":"x","condition":"provider-failures","actions":[],"escalateAfter":"15m"}""", "escalationChannel" },
        { "unknown channel", """{"name":"x","condition":"provider-failures","actions":["notify"],"channels":["0193a3b0-0000-7000-8000-00000000dead"]}""", "channels[0]" },
        { "unknown escalation channel", """{"name":"x","condition":"provider-failures","actions":[],"escalateAfter":"15m","escalationChannel":"0193a3b0-0000-7000-8000-00000000dead"}""", "escalationChannel" },
        { "unknown slo", """{"name":"x","condition":"slo-burn","slo":"0193a3b0-0000-7000-8000-00000000dead","actions":[]}""", "slo" },
        { "a channel id that is not a guid", """{"name":"x","condition":"provider-failures","actions":["notify"],"channels":["nope"]}""", "channels[0]" },
        { "a threshold that is not a number", """{"name":"x","condition":"provider-failures","threshold":"many","actions":[]}""", "threshold" },
        { "not JSON", "not json at all", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_rules_get_a_problem_naming_the_field(string rule, string body, string field)
    {
        var response = await _client.PostJsonAsync("/api/v1/alerts/rules", body);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{rule}: {response.Status} {response.Body?.ToJsonString()}");
        Assert.Contains(response.Body!["errors"]!.AsArray(), e => (string?)e!["field"] == field);
    }

    [Fact]
    public async Task An_unknown_prompt_is_a_404_on_prompt_and_bad_queries_name_their_parameter()
    {
        var unknown = await _client.PostJsonAsync("/api/v1/alerts/rules", new { name = "x", prompt = "no-such-prompt", condition = "provider-failures", actions = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("prompt", (string?)unknown.Body!["errors"]![0]!["field"]);

        foreach (var (query, field) in new[] { ("status=bogus", "status"), ("take=0", "take"), ("rule=nope", "rule"), ("slo=nope", "slo"), ("since=yesterday", "since") })
        {
            var response = await _client.GetJsonAsync($"/api/v1/alerts?{query}");
            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{query}: {response.Status}");
            Assert.Equal(field, (string?)response.Body!["errors"]![0]!["field"]);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync("/api/v1/alerts/rules/not-a-guid")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/alerts/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/alerts/{Guid.NewGuid()}/ack")).Status);
    }

    [Fact]
    public async Task A_rule_without_a_prompt_watches_every_prompt_together()
    {
        var first = await CreatePromptAsync("sim-broken");
        var second = await CreatePromptAsync("sim-broken");
        var rule = await _client.PostJsonAsync("/api/v1/alerts/rules", new
        {
            name = "every prompt failing", condition = "provider-failures", threshold = 6, window = "5m",
            actions = new[] { "notify" }, channels = new[] { app.Channels.Add("all").Id },
        });
        Assert.True(rule.Status == HttpStatusCode.Created, rule.Body?.ToJsonString());
        Assert.Null(rule.Body!["prompt"]);
        foreach (var prompt in new[] { first, second })
        {
            for (var i = 0; i < 3; i++)
                await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" } });
        }

        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        await app.Factory.Services.GetRequiredService<IAlertService>().EvaluateAsync();

        var alert = Assert.Single((await _client.GetJsonAsync($"/api/v1/alerts?rule={rule.Body["id"]}")).Body!.AsArray())!;
        Assert.Null(alert["prompt"]);
        Assert.True((double)alert["value"]! >= 6, alert.ToJsonString());
        Assert.Equal("ticket", (string?)alert["severity"]);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/alerts/rules/{rule.Body["id"]}")).Status);
        Assert.Equal("resolved", (string?)(await _client.GetJsonAsync($"/api/v1/alerts/{alert["id"]}")).Body!["status"]);
    }

    [Fact]
    public async Task Failing_traffic_fires_an_alert_that_shows_in_the_history_and_is_acknowledged_once()
    {
        var prompt = await CreatePromptAsync("sim-broken");
        var channel = app.Channels.Add("pager");
        var rule = await _client.PostJsonAsync("/api/v1/alerts/rules", new
        {
            name = $"{prompt} provider failures", prompt, condition = "provider-failures", threshold = 5, window = "5m", severity = "page",
            actions = new[] { "notify" }, channels = new[] { channel.Id },
        });
        Assert.True(rule.Status == HttpStatusCode.Created, rule.Body?.ToJsonString());
        for (var i = 0; i < 8; i++)
            await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" } });
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

        await app.Factory.Services.GetRequiredService<IAlertService>().EvaluateAsync();

        var history = (await _client.GetJsonAsync($"/api/v1/alerts?prompt={prompt}&status=firing")).Body!.AsArray();
        var alert = Assert.Single(history)!;
        Assert.Equal((string?)rule.Body!["id"], (string?)alert["ruleId"]);
        Assert.Equal("page", (string?)alert["severity"]);
        Assert.Equal(8, (double)alert["value"]!);
        Assert.Equal(5, (double)alert["threshold"]!);
        Assert.Contains("8 provider failures over 5m", (string?)alert["summary"], StringComparison.Ordinal);
        Assert.Equal("firing", (string?)alert["notifications"]![0]!["kind"]);
        Assert.Contains("notify: firing delivered to 1 of 1 channel", (string?)alert["actionsTaken"]![0], StringComparison.Ordinal);
        var id = (string)alert["id"]!;

        var acknowledged = await _client.PostJsonAsync($"/api/v1/alerts/{id}/ack", new { comment = "looking at the provider" });
        Assert.Equal(HttpStatusCode.OK, acknowledged.Status);
        Assert.Equal("acknowledged", (string?)acknowledged.Body!["status"]);
        Assert.Equal("master-key", (string?)acknowledged.Body["acknowledgedBy"]);
        var again = await _client.PostJsonAsync($"/api/v1/alerts/{id}/ack");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("https://promptconsole.dev/problems/alert-acknowledged", (string?)again.Body!["type"]);

        Assert.Equal("acknowledged", (string?)(await _client.GetJsonAsync($"/api/v1/alerts/{id}")).Body!["status"]);
        Assert.Empty((await _client.GetJsonAsync($"/api/v1/alerts?prompt={prompt}&status=firing")).Body!.AsArray());
        Assert.Single((await _client.GetJsonAsync($"/api/v1/alerts?rule={rule.Body["id"]}")).Body!.AsArray());

        var timeline = (await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/incidents")).Body!["entries"]!.AsArray().Select(e => $"{e!["kind"]}:{e["action"]}").ToArray();
        Assert.Equal("alert:alert.acknowledged", timeline[0]);
        Assert.Contains("alert:alert.fired", timeline);
    }
}

public abstract class AlertsApp : ApiAppFixture
{
    /// <summary>The controller stays out of the way (its first pass is a day away): tests evaluate when they choose.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>(ExperimentsApp.FlakySettings)
    {
        ["PromptConsole:Alerts:EvaluationInterval"] = "1.00:00:00",
    };

    private protected AlertsApp(TestDatabaseProvider provider, TimeProvider? clock = null)
        : this(provider, clock, new FakeNotificationChannels(), new FakeSloEvaluator())
    {
    }

    private AlertsApp(TestDatabaseProvider provider, TimeProvider? clock, FakeNotificationChannels channels, FakeSloEvaluator slos)
        : base(provider, Settings, factory => factory.WithServices(services =>
        {
            services.RemoveAll<INotificationChannels>();
            services.RemoveAll<ISloEvaluator>();
            services.AddSingleton<INotificationChannels>(channels);
            services.AddSingleton<ISloEvaluator>(slos);
            if (clock is not null)
                services.AddSingleton(clock);
        }))
    {
        Channels = channels;
        Slos = slos;
    }

    public FakeNotificationChannels Channels { get; }

    public FakeSloEvaluator Slos { get; }
}

public sealed class SqliteAlertsApp() : AlertsApp(TestDatabaseProvider.Sqlite);

public sealed class PostgresAlertsApp() : AlertsApp(TestDatabaseProvider.Postgres);

public sealed class AlertsApiOnSqlite(SqliteAlertsApp app) : AlertsApiTests(app), IClassFixture<SqliteAlertsApp>;

public sealed class AlertsApiOnPostgres(PostgresAlertsApp app) : AlertsApiTests(app), IClassFixture<PostgresAlertsApp>;
