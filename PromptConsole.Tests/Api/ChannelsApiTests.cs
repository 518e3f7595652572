using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The channels API on the real app: CRUD with audit, problems naming the field, the secret (and a Slack URL's token)
/// never in a response, and the test button against a real receiver. Retries wait milliseconds here (the backoff's
/// timing is the delivery tests' subject).
/// </summary>
public abstract class ChannelsApiTests(ApiAppFixture app)
{
    public static readonly IReadOnlyDictionary<string, string?> FastRetries = new Dictionary<string, string?>
    {
        ["PromptConsole:Notifications:BaseRetryDelay"] = "00:00:00.001",
        ["PromptConsole:Notifications:MaxRetryDelay"] = "00:00:00.005",
    };

    private const string Secret = "whsec-api-test-secret-42";
    private const string SlackToken = "xoxSlackToken9876";

    private readonly HttpClient _client = app.Client;

    private static string NewName() => $"ch-{Guid.NewGuid():N}"[..16];

    /// <summary>Every channel response is checked: neither the secret nor the Slack token ever comes back.</summary>
    private async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string url, object? body = null)
    {
        var answer = await _client.SendJsonAsync(method, url, body);
        var text = answer.Body?.ToJsonString() ?? string.Empty;
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackToken, text, StringComparison.Ordinal);
        return answer;
    }

    private async Task<JsonNode> CreateAsync(object body)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/channels", body);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        return created.Body!;
    }

    private static string[] Fields(JsonNode problem) => problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToArray();

    [Fact]
    public async Task Channels_are_created_read_changed_and_deleted_with_audit_and_never_show_the_secret()
    {
        var name = NewName();
        var created = await SendAsync(HttpMethod.Post, "/api/v1/channels", new { name, type = "webhook", url = "https://hooks.example.com/alerts", secret = Secret, dailyReport = true });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Body!["id"]!;
        Assert.Equal($"/api/v1/channels/{id}", created.Response.Headers.Location?.OriginalString);
        Assert.Equal((name, "webhook", "https://hooks.example.com/alerts", true, true, true),
            ((string?)created.Body["name"], (string?)created.Body["type"], (string?)created.Body["url"], (bool)created.Body["hasSecret"]!, (bool)created.Body["dailyReport"]!, (bool)created.Body["enabled"]!));
        Assert.Null(created.Body["secret"]);

        var listed = await SendAsync(HttpMethod.Get, "/api/v1/channels");
        Assert.Contains(listed.Body!.AsArray(), c => (string?)c!["id"] == id);
        Assert.Equal(name, (string?)(await SendAsync(HttpMethod.Get, $"/api/v1/channels/{id}")).Body!["name"]);

        // PUT without a secret keeps it; "" removes it.
        var renamed = name + "-b";
        var kept = await SendAsync(HttpMethod.Put, $"/api/v1/channels/{id}", new { name = renamed, type = "webhook", url = "https://hooks.example.com/v2", enabled = false });
        Assert.Equal(HttpStatusCode.OK, kept.Status);
        Assert.Equal((renamed, "https://hooks.example.com/v2", true, false, false),
            ((string?)kept.Body!["name"], (string?)kept.Body["url"], (bool)kept.Body["hasSecret"]!, (bool)kept.Body["enabled"]!, (bool)kept.Body["dailyReport"]!));
        await using (var db = await DbAsync())
            Assert.Equal(Secret, (await db.NotificationChannels.SingleAsync(c => c.Id == Guid.Parse(id))).Secret);

        var cleared = await SendAsync(HttpMethod.Put, $"/api/v1/channels/{id}", new { name = renamed, type = "webhook", url = "https://hooks.example.com/v2", secret = "" });
        Assert.False((bool)cleared.Body!["hasSecret"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/v1/channels/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/v1/channels/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/v1/channels/{id}")).Status);

        await using (var db = await DbAsync())
        {
            var audit = await db.AuditEvents.Where(a => a.Target == $"channel:{id}").OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync();
            Assert.Equal(["channel.created", "channel.updated", "channel.updated", "channel.deleted"], audit.Select(a => a.Action));
            Assert.Equal($"channel '{name}' added: webhook to https://hooks.example.com, signed, enabled, receives the daily report", audit[0].Summary);
            Assert.Equal($"channel '{renamed}' changed (renamed from '{name}'): webhook to https://hooks.example.com, signed, disabled", audit[1].Summary);
            Assert.EndsWith("; secret removed", audit[2].Summary, StringComparison.Ordinal);
            Assert.All(audit, a => Assert.DoesNotContain(Secret, a.Summary, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_slack_url_is_masked_and_kept_when_sent_back_masked()
    {
        var url = $"https://hooks.slack.com/services/T01/B02/{SlackToken}";
        var created = await CreateAsync(new { name = NewName(), type = "slack", url });
        var id = (string)created["id"]!;
        Assert.Equal("https://hooks.slack.com/services/T01/B02/****", (string?)created["url"]);
        Assert.False((bool)created["hasSecret"]!);

        // The console sends the view back as it got it: the masked URL keeps the stored one.
        var updated = await SendAsync(HttpMethod.Put, $"/api/v1/channels/{id}", new { name = (string?)created["name"], type = "slack", url = (string?)created["url"], dailyReport = true });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        await using var db = await DbAsync();
        Assert.Equal(url, (await db.NotificationChannels.SingleAsync(c => c.Id == Guid.Parse(id))).Url);
        Assert.DoesNotContain(await db.AuditEvents.Where(a => a.Target == $"channel:{id}").Select(a => a.Summary).ToListAsync(), s => s.Contains(SlackToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_channels_are_problems_that_name_the_field()
    {
        var empty = await SendAsync(HttpMethod.Post, "/api/v1/channels", new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Equal("https://promptconsole.dev/problems/invalid-channel", (string?)empty.Body!["type"]);
        Assert.Equal(["name", "type", "url"], Fields(empty.Body));

        var bad = await SendAsync(HttpMethod.Post, "/api/v1/channels", new { name = NewName(), type = "email", url = "/relative", secret = "short" });
        Assert.Equal(["type", "url", "secret"], Fields(bad.Body!));

        var slackSecret = await SendAsync(HttpMethod.Post, "/api/v1/channels", new { name = NewName(), type = "slack", url = "https://hooks.slack.com/services/T/B/x", secret = Secret });
        Assert.Equal(["secret"], Fields(slackSecret.Body!));

        var malformed = await SendAsync(HttpMethod.Post, "/api/v1/channels", """{"name": "x", "enabled": "yes"}""");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("enabled", Fields(malformed.Body!).Single());

        var notJson = await SendAsync(HttpMethod.Post, "/api/v1/channels", "{");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);

        var name = NewName();
        await CreateAsync(new { name, type = "webhook", url = "https://hooks.example.com/a" });
        var taken = await SendAsync(HttpMethod.Post, "/api/v1/channels", new { name, type = "webhook", url = "https://hooks.example.com/b" });
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("name", Fields(taken.Body!).Single());

        var missing = await SendAsync(HttpMethod.Put, $"/api/v1/channels/{Guid.NewGuid()}", new { name = NewName(), type = "webhook", url = "https://hooks.example.com/a" });
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("https://promptconsole.dev/problems/channel-not-found", (string?)missing.Body!["type"]);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/v1/channels/not-a-guid")).Status);
    }

    [Fact]
    public async Task The_test_button_reports_the_outcome_and_its_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200, 500);
        var channel = await CreateAsync(new { name = NewName(), type = "webhook", url = receiver.Url, secret = Secret });
        var id = (string)channel["id"]!;

        var tested = await SendAsync(HttpMethod.Post, $"/api/v1/channels/{id}/test");
        Assert.Equal(HttpStatusCode.OK, tested.Status);
        Assert.True((bool)tested.Body!["delivered"]!, tested.Body.ToJsonString());
        Assert.Null((string?)tested.Body["reason"]);
        Assert.Equal([500, 200], tested.Body["attempts"]!.AsArray().Select(a => (int)a!["statusCode"]!));
        Assert.Equal(["test", "test"], tested.Body["attempts"]!.AsArray().Select(a => (string?)a!["kind"]));
        Assert.All(receiver.Received, r => Assert.NotNull(r.Header("X-PromptConsole-Signature")));

        await using var refusing = await WebhookReceiver.StartAsync(403);
        var refused = await CreateAsync(new { name = NewName(), type = "slack", url = refusing.Url });
        var failed = await SendAsync(HttpMethod.Post, $"/api/v1/channels/{(string)refused["id"]!}/test");
        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.False((bool)failed.Body!["delivered"]!);
        Assert.Contains("HTTP 403", (string?)failed.Body["reason"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/api/v1/channels/{Guid.NewGuid()}/test")).Status);

        var attempts = await SendAsync(HttpMethod.Get, $"/api/v1/channels/{id}/attempts");
        Assert.Equal([2, 1], attempts.Body!.AsArray().Select(a => (int)a!["attempt"]!));
        var latest = await SendAsync(HttpMethod.Get, $"/api/v1/channels/{id}/attempts?take=1");
        Assert.True((bool)latest.Body!.AsArray().Single()!["succeeded"]!);

        foreach (var take in new[] { "0", "abc", "501", "-1" })
        {
            var badTake = await SendAsync(HttpMethod.Get, $"/api/v1/channels/{id}/attempts?take={take}");
            Assert.Equal(HttpStatusCode.BadRequest, badTake.Status);
            Assert.Equal("take", Fields(badTake.Body!).Single());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/v1/channels/{Guid.NewGuid()}/attempts")).Status);
    }

    private async Task<PromptConsoleDbContext> DbAsync() =>
        await app.Factory.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync();
}

public sealed class ChannelsSqliteApp() : ApiAppFixture(TestDatabaseProvider.Sqlite, ChannelsApiTests.FastRetries);

public sealed class ChannelsPostgresApp() : ApiAppFixture(TestDatabaseProvider.Postgres, ChannelsApiTests.FastRetries);

public sealed class ChannelsApiOnSqlite(ChannelsSqliteApp app) : ChannelsApiTests(app), IClassFixture<ChannelsSqliteApp>;

public sealed class ChannelsApiOnPostgres(ChannelsPostgresApp app) : ChannelsApiTests(app), IClassFixture<ChannelsPostgresApp>;
