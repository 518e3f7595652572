using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Persistence;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The whole chain with nothing faked but the clock: executions through the execute API burn an SLO's budget at 20×
/// (one in ten fails against a 99.5 % objective), its slo-burn rule pages, a signed webhook reaches a real receiver
/// (the signature checked here with HMAC-SHA256, not with the product's own verifier), the page repeats while nobody
/// acknowledges, escalates to a Slack-compatible channel after 15 minutes, and resolves, with a resolve notification,
/// once the failures stop.
/// </summary>
public abstract class SloAlertNotificationTests(SloAlertNotificationApp app)
{
    private const string Secret = "whsec-end-to-end-secret-7f3a";

    private readonly HttpClient _client = app.Client;

    private ManualClock Clock => app.Factory.Clock;

    private IAlertService Alerts => app.Factory.Services.GetRequiredService<IAlertService>();

    private async Task<string> CreateAsync(string url, object body)
    {
        var created = await _client.PostJsonAsync(url, body);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        return (string)created.Body!["id"]!;
    }

    /// <summary>Nine answers from the working version and one from the broken one, all at the clock's current time.</summary>
    private async Task TrafficAsync(int working, int broken)
    {
        for (var i = 0; i < working + broken; i++)
        {
            var executed = await _client.PostJsonAsync($"/api/v1/prompts/{app.Prompt}/execute", new { variables = new { name = "Ada" }, version = i < working ? 1 : 2 });
            Assert.Equal(i < working ? HttpStatusCode.OK : HttpStatusCode.BadGateway, executed.Status);
        }

        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
    }

    private static (string Kind, JsonNode Body) Parse(WebhookReceiver.ReceivedRequest request) =>
        (request.Header("X-PromptConsole-Event") ?? string.Empty, JsonNode.Parse(request.Body)!);

    /// <summary>The receiver's check, as the README tells receivers to do it; returns the signed time.</summary>
    private static DateTimeOffset AssertSignedBySecret(WebhookReceiver.ReceivedRequest request)
    {
        var header = request.Header("X-PromptConsole-Signature");
        Assert.False(string.IsNullOrEmpty(header), "the webhook carries no signature");
        var parts = header!.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var timestamp = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var signed = Encoding.UTF8.GetBytes(parts["t"] + ".").Concat(request.Body).ToArray();
        var expected = Convert.ToHexStringLower(hmac.ComputeHash(signed));
        Assert.True(CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["v1"])), $"signature {header} does not match the body");
        return DateTimeOffset.FromUnixTimeSeconds(timestamp);
    }

    [Fact]
    public async Task A_burning_slo_pages_a_signed_webhook_escalates_to_slack_and_resolves_when_the_failures_stop()
    {
        await using var pager = await WebhookReceiver.StartAsync();
        await using var manager = await WebhookReceiver.StartAsync();
        var pagerChannel = await CreateAsync("/api/v1/channels", new { name = $"pager-{app.Prompt}", type = "webhook", url = pager.Url, secret = Secret });
        var managerChannel = await CreateAsync("/api/v1/channels", new { name = $"manager-{app.Prompt}", type = "slack", url = manager.Url });
        var slo = await CreateAsync("/api/v1/slos", new { name = "answers arrive", prompt = app.Prompt, indicator = "availability", objective = 99.5, periodDays = 30 });
        var rule = await CreateAsync("/api/v1/alerts/rules", new
        {
            name = "answers arrive: page",
            condition = "slo-burn",
            slo,
            severity = "page",
            actions = new[] { "notify" },
            channels = new[] { pagerChannel },
            escalationChannel = managerChannel,
            escalateAfter = "15m",
            repeatEvery = "5m",
        });

        // All answers arrive: nothing fires, nobody is told.
        await TrafficAsync(10, 0);
        await Alerts.EvaluateAsync();
        Assert.Empty((await _client.GetJsonAsync($"/api/v1/alerts?rule={rule}")).Body!.AsArray());
        Assert.Empty(pager.Received);

        // One in ten fails: 10 % bad against a 0.5 % budget is a burn of 20 over 5 m and 1 h, past the page's 14.4.
        Clock.Advance(TimeSpan.FromMinutes(1));
        await TrafficAsync(9, 1);
        var status = (await _client.GetJsonAsync($"/api/v1/slos/{slo}/status")).Body!;
        Assert.Equal("page", (string?)status["burning"]);
        await Alerts.EvaluateAsync();

        var alerts = (await _client.GetJsonAsync($"/api/v1/alerts?rule={rule}")).Body!.AsArray();
        var alert = Assert.Single(alerts)!;
        var alertId = (string)alert["id"]!;
        Assert.Equal(("page", "firing", app.Prompt, slo), ((string?)alert["severity"], (string?)alert["status"], (string?)alert["prompt"], (string?)alert["sloId"]));
        var fired = Assert.Single(pager.Received);
        var firedAt = AssertSignedBySecret(fired);
        Assert.Equal(Clock.GetUtcNow(), firedAt);
        var (kind, body) = Parse(fired);
        Assert.Equal(("firing", "firing", alertId), (kind, (string?)body["kind"], (string?)body["alertId"]));
        Assert.Equal((app.Prompt, "page"), ((string?)body["fields"]!["prompt"], (string?)body["fields"]!["severity"]));

        // Failures go on and nobody acknowledges: a repeat every 5 minutes, the escalation to Slack at 15 (once).
        foreach (var minutes in new[] { 5, 10, 15, 20 })
        {
            Clock.Advance(TimeSpan.FromMinutes(5));
            await TrafficAsync(9, 1);
            await Alerts.EvaluateAsync();
            Assert.True(minutes < 15 ? manager.Received.Count == 0 : manager.Received.Count == 1, $"after {minutes} minutes the manager had {manager.Received.Count} messages");
        }

        Assert.Equal(["firing", "repeat", "repeat", "repeat", "repeat"], pager.Received.Select(r => Parse(r).Kind));
        // Each signed at the time it was sent (the receiver's replay window is measured from there).
        Assert.Equal([0, 5, 10, 15, 20], pager.Received.Select(r => (AssertSignedBySecret(r) - firedAt).TotalMinutes));
        var escalation = Assert.Single(manager.Received);
        Assert.Null(escalation.Header("X-PromptConsole-Signature"));
        var slack = JsonNode.Parse(escalation.Body)!;
        Assert.Contains(app.Prompt, (string?)slack["text"], StringComparison.Ordinal);
        Assert.Contains("escalation", slack["blocks"]!.ToJsonString(), StringComparison.Ordinal);
        var escalated = (await _client.GetJsonAsync($"/api/v1/alerts/{alertId}")).Body!;
        Assert.Equal("firing", (string?)escalated["status"]);
        Assert.NotNull((string?)escalated["escalatedAt"]);
        Assert.Equal(6, escalated["notifications"]!.AsArray().Count(n => (bool)n!["succeeded"]!));

        // The failures stop. Eleven minutes on the 5 m window is clean but 6 h and 30 m still burn past 6 (the workbook's
        // second page condition): still firing. Once the last failure is more than 30 minutes old neither page condition
        // holds (the 3 d and 6 h windows still burn past 1: a ticket-level rule would keep firing, this one resolves),
        // and the pager hears so.
        Clock.Advance(TimeSpan.FromMinutes(11));
        await TrafficAsync(10, 0);
        await Alerts.EvaluateAsync();
        Assert.Equal("firing", (string?)(await _client.GetJsonAsync($"/api/v1/alerts/{alertId}")).Body!["status"]);

        Clock.Advance(TimeSpan.FromMinutes(20));
        await TrafficAsync(10, 0);
        await Alerts.EvaluateAsync();
        var resolved = (await _client.GetJsonAsync($"/api/v1/alerts/{alertId}")).Body!;
        Assert.Equal("resolved", (string?)resolved["status"]);
        var last = pager.Received[^1];
        Assert.Equal(Clock.GetUtcNow(), AssertSignedBySecret(last));
        Assert.Equal(("resolved", alertId), (Parse(last).Kind, (string?)Parse(last).Body["alertId"]));
        Assert.Equal("ticket", (string?)(await _client.GetJsonAsync($"/api/v1/slos/{slo}/status")).Body!["burning"]);

        // Acknowledging a resolved alert is refused with a problem, not lost.
        var late = await _client.PostJsonAsync($"/api/v1/alerts/{alertId}/ack", new { comment = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
    }
}

public abstract class SloAlertNotificationApp : IAsyncLifetime, IDisposable
{
    protected SloAlertNotificationApp(TestDatabaseProvider provider)
    {
        Factory = new ClockedPromptConsoleFactory(provider);
        foreach (var (key, value) in AlertsApp.Settings.Concat(ChannelsApiTests.FastRetries))
            Factory.WithSetting(key, value);
        Client = Factory.CreateClient();
    }

    public ClockedPromptConsoleFactory Factory { get; }

    public HttpClient Client { get; }

    /// <summary>Version 1 answers (sim-fast) and is production; version 2 is on a model whose every call fails.</summary>
    public string Prompt { get; } = $"burn-e2e-{Guid.NewGuid():N}"[..24];

    public async Task InitializeAsync()
    {
        await Client.CreateDeployedPromptAsync(Prompt, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var broken = await Client.PostJsonAsync($"/api/v1/prompts/{Prompt}/versions", new { template = "Hello {{name}}!", model = new { model = "sim-broken" }, variables = new object[] { new { name = "name" } } });
        Assert.Equal(HttpStatusCode.Created, broken.Status);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SloAlertNotificationSqliteApp() : SloAlertNotificationApp(TestDatabaseProvider.Sqlite);

public sealed class SloAlertNotificationPostgresApp() : SloAlertNotificationApp(TestDatabaseProvider.Postgres);

public sealed class SloAlertNotificationOnSqlite(SloAlertNotificationSqliteApp app) : SloAlertNotificationTests(app), IClassFixture<SloAlertNotificationSqliteApp>;

public sealed class SloAlertNotificationOnPostgres(SloAlertNotificationPostgresApp app) : SloAlertNotificationTests(app), IClassFixture<SloAlertNotificationPostgresApp>;
