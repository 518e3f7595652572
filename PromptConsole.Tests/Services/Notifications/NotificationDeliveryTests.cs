using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Notifications;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Tests.Services.Notifications;

/// <summary>
/// Deliveries to a real HTTP receiver on 127.0.0.1: signatures a receiver can check, retries with the backoff on a test
/// clock (0.5 s, 1 s, 2 s with the jitter fixed at one half), every attempt recorded, Slack's body shape, and secrets kept
/// out of errors and logs.
/// </summary>
public sealed class NotificationDeliveryTests
{
    private const string Secret = "whsec-delivery-test-0123456789";

    private static readonly Guid AlertId = Guid.Parse("0199a0b0-0000-7000-8000-000000000042");

    private static NotificationMessage Firing(string title = "Error rate above 5 % on support-reply") => new(
        NotificationKinds.Firing,
        title,
        "Error rate 7.5 % over 5m (threshold 5 %).",
        AlertId,
        new Dictionary<string, string?> { ["prompt"] = "support-reply", ["severity"] = "page", ["value"] = "0.075", ["runbook"] = null });

    private static async Task<Guid> CreateAsync(NotificationTestHost host, string type, string url, string? secret = null, bool enabled = true)
    {
        var created = await host.Channels.CreateAsync(new ChannelCommand($"{type}-{Guid.NewGuid():N}"[..20], type, url, secret, false, enabled), "tester");
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value.Id;
    }

    /// <summary>The receiver's second, independent check: parse the header by hand and recompute the HMAC.</summary>
    private static void AssertSignedIndependently(WebhookReceiver.ReceivedRequest request, string secret)
    {
        var parts = request.Header(WebhookSignature.HeaderName)!.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(parts["t"] + ".").Concat(request.Body).ToArray()));
        Assert.Equal(expected, parts["v1"]);
    }

    [Fact]
    public async Task A_signed_webhook_reaches_the_receiver_who_can_verify_it()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await CreateAsync(host, "webhook", receiver.Url, Secret);

        var outcome = await host.Channels.DeliverAsync(channel, Firing());

        Assert.True(outcome.Value.Delivered);
        Assert.Null(outcome.Value.Reason);
        var attempt = Assert.Single(outcome.Value.Attempts);
        Assert.Equal((1, true, 200, null, "firing"), (attempt.Attempt, attempt.Succeeded, attempt.StatusCode, attempt.Error, attempt.Kind));
        Assert.Equal(host.Clock.GetUtcNow(), attempt.At);

        var request = Assert.Single(receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var header = request.Header(WebhookSignature.HeaderName);
        Assert.Equal($"t={host.Clock.GetUtcNow().ToUnixTimeSeconds()},v1=", header![..(header!.IndexOf("v1=", StringComparison.Ordinal) + 3)]);
        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(header, Secret, request.Body, host.Clock.GetUtcNow(), WebhookSignature.DefaultTolerance));
        AssertSignedIndependently(request, Secret);
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(header, "whsec-someone-else-000000", request.Body, host.Clock.GetUtcNow(), WebhookSignature.DefaultTolerance));

        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("firing", (string?)body["kind"]);
        Assert.Equal("Error rate above 5 % on support-reply", (string?)body["title"]);
        Assert.Equal("Error rate 7.5 % over 5m (threshold 5 %).", (string?)body["text"]);
        Assert.Equal(AlertId.ToString(), (string?)body["alertId"]);
        Assert.Equal("support-reply", (string?)body["fields"]!["prompt"]);
        Assert.Equal("page", (string?)body["fields"]!["severity"]);
        Assert.True(body["fields"]!.AsObject().ContainsKey("runbook"));
        Assert.Equal(host.Clock.GetUtcNow(), DateTimeOffset.Parse((string)body["sentAt"]!, CultureInfo.InvariantCulture));
        Assert.Equal(request.Header("X-PromptConsole-Delivery"), (string?)body["deliveryId"]);
        Assert.Equal("firing", request.Header("X-PromptConsole-Event"));

        var recorded = await host.Channels.ListAttemptsAsync(AlertId);
        Assert.Equal(attempt, Assert.Single(recorded));
    }

    [Fact]
    public async Task A_receiver_failing_twice_gets_a_third_attempt_after_the_backoff()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(200, 500, 500);
        var channel = await CreateAsync(host, "webhook", receiver.Url, Secret);
        var start = host.Clock.GetUtcNow();

        var delivery = host.Channels.DeliverAsync(channel, Firing());
        await host.AdvanceThroughWaitAsync(TimeSpan.FromSeconds(0.5), delivery);
        await host.AdvanceThroughWaitAsync(TimeSpan.FromSeconds(1), delivery);
        var outcome = (await delivery).Value;

        Assert.True(outcome.Delivered);
        Assert.Equal([(1, false, 500), (2, false, 500), (3, true, 200)], outcome.Attempts.Select(a => (a.Attempt, a.Succeeded, a.StatusCode ?? 0)));
        Assert.Equal([start, start.AddSeconds(0.5), start.AddSeconds(1.5)], outcome.Attempts.Select(a => a.At));
        Assert.StartsWith("HTTP 500 Internal Server Error: receiver says no", outcome.Attempts[0].Error, StringComparison.Ordinal);

        // Each attempt is signed afresh; one delivery id lets the receiver drop duplicates.
        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, r => AssertSignedIndependently(r, Secret));
        Assert.Single(receiver.Received.Select(r => r.Header("X-PromptConsole-Delivery")).Distinct());
        Assert.Equal(outcome.Attempts, await host.Channels.ListAttemptsAsync(AlertId));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_gets_the_maximum_attempts_and_no_more()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(503);
        var channel = await CreateAsync(host, "webhook", receiver.Url, Secret);

        var delivery = host.Channels.DeliverAsync(channel, Firing());
        foreach (var wait in new[] { 0.5, 1, 2 })
            await host.AdvanceThroughWaitAsync(TimeSpan.FromSeconds(wait), delivery);
        var outcome = (await delivery).Value;

        Assert.False(outcome.Delivered);
        Assert.Equal([1, 2, 3, 4], outcome.Attempts.Select(a => a.Attempt));
        Assert.All(outcome.Attempts, a => Assert.Equal((false, 503), (a.Succeeded, a.StatusCode)));
        Assert.StartsWith("Not delivered (gave up after 4 attempts): HTTP 503", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal(0, host.Clock.ActiveTimers);
        Assert.Equal(4, (await host.Channels.ListAttemptsAsync(AlertId)).Count);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains("failed at attempt 4", StringComparison.Ordinal) && e.Message.Contains("retrying: False", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_throttling_receiver_is_retried_after_the_wait_it_asks_for()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(200, 429);
        receiver.RetryAfterSeconds = 3;
        var channel = await CreateAsync(host, "slack", receiver.Url);
        var start = host.Clock.GetUtcNow();

        var delivery = host.Channels.DeliverAsync(channel, Firing());
        await host.AdvanceThroughWaitAsync(TimeSpan.FromSeconds(3), delivery);
        var outcome = (await delivery).Value;

        Assert.True(outcome.Delivered);
        Assert.Equal([(429, start), (200, start.AddSeconds(3))], outcome.Attempts.Select(a => (a.StatusCode ?? 0, a.At)));
    }

    [Fact]
    public async Task A_refusal_is_not_retried()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(410);
        var channel = await CreateAsync(host, "webhook", receiver.Url);

        var outcome = (await host.Channels.DeliverAsync(channel, Firing())).Value;

        Assert.False(outcome.Delivered);
        Assert.Equal(410, Assert.Single(outcome.Attempts).StatusCode);
        Assert.StartsWith("Not delivered (not retried: the receiver refused the request)", outcome.Reason, StringComparison.Ordinal);

        // Without a secret nothing is signed.
        Assert.Null(Assert.Single(receiver.Received).Header(WebhookSignature.HeaderName));
    }

    [Fact]
    public async Task A_slack_channel_gets_text_and_blocks_and_no_signature()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await CreateAsync(host, "slack", receiver.Url);

        var outcome = await host.Channels.DeliverAsync(channel, Firing("p95 <latency> & cost"));

        Assert.True(outcome.Value.Delivered);
        var request = Assert.Single(receiver.Received);
        Assert.Null(request.Header(WebhookSignature.HeaderName));
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal(["text", "blocks"], body.Select(p => p.Key));
        Assert.Equal("p95 <latency> & cost: Error rate 7.5 % over 5m (threshold 5 %).", (string?)body["text"]);
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal(["section", "section", "context"], blocks.Select(b => (string?)b!["type"]));
        Assert.Equal("mrkdwn", (string?)blocks[0]!["text"]!["type"]);
        Assert.Equal("*p95 &lt;latency&gt; &amp; cost*\nError rate 7.5 % over 5m (threshold 5 %).", (string?)blocks[0]!["text"]!["text"]);

        // Empty fields are left out of Slack's field grid.
        Assert.Equal(["*prompt*\nsupport-reply", "*severity*\npage", "*value*\n0.075"], blocks[1]!["fields"]!.AsArray().Select(f => (string?)f!["text"]));
        Assert.Equal("PromptConsole · firing", (string?)blocks[2]!["elements"]![0]!["text"]);
    }

    [Fact]
    public async Task Unreachable_receivers_are_retried_and_their_errors_hold_no_token()
    {
        await using var host = await NotificationTestHost.StartAsync();
        string url;
        await using (var gone = await WebhookReceiver.StartAsync())
            url = gone.Url;
        var channel = await CreateAsync(host, "slack", url);

        var delivery = host.Channels.DeliverAsync(channel, Firing());
        foreach (var wait in new[] { 0.5, 1, 2 })
            await host.AdvanceThroughWaitAsync(TimeSpan.FromSeconds(wait), delivery);
        var outcome = (await delivery).Value;

        Assert.False(outcome.Delivered);
        Assert.Equal(4, outcome.Attempts.Count);
        Assert.All(outcome.Attempts, a => Assert.Null(a.StatusCode));
        Assert.All(outcome.Attempts, a => Assert.False(string.IsNullOrEmpty(a.Error)));
        Assert.DoesNotContain("receiver-token", outcome.Reason, StringComparison.Ordinal);
        Assert.All(outcome.Attempts, a => Assert.DoesNotContain("receiver-token", a.Error, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("receiver-token", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains("failed at attempt 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_echoing_the_slack_url_does_not_leak_its_token()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(404);
        receiver.EchoPath = true;
        var channel = await CreateAsync(host, "slack", receiver.Url);

        var outcome = (await host.Channels.DeliverAsync(channel, Firing())).Value;

        var error = Assert.Single(outcome.Attempts).Error;
        Assert.Equal("HTTP 404 Not Found: Cannot POST /hooks/T0001/B0002/****", error);
        Assert.DoesNotContain("receiver-token", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("receiver-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disabled_channel_is_not_delivered_to_but_can_be_tested()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await CreateAsync(host, "webhook", receiver.Url, Secret, enabled: false);

        var outcome = (await host.Channels.DeliverAsync(channel, Firing())).Value;

        Assert.False(outcome.Delivered);
        Assert.Empty(outcome.Attempts);
        Assert.Contains("is disabled", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);

        var test = (await host.Channels.SendTestAsync(channel, "ada")).Value;
        Assert.True(test.Delivered);
        Assert.Equal("test", Assert.Single(test.Attempts).Kind);
        var body = JsonNode.Parse(Assert.Single(receiver.Received).Body)!;
        Assert.Equal("test", (string?)body["kind"]);
        Assert.Null(body["alertId"]);
        Assert.Equal("ada", (string?)body["fields"]!["sentBy"]);
        AssertSignedIndependently(receiver.Received[0], Secret);
    }

    [Fact]
    public async Task An_unknown_channel_is_not_found()
    {
        await using var host = await NotificationTestHost.StartAsync();

        var outcome = await host.Channels.DeliverAsync(Guid.NewGuid(), Firing());

        Assert.Equal(ErrorKind.NotFound, outcome.Error!.Kind);
        Assert.Equal("channel-not-found", outcome.Error.Code);
    }
}
