using PromptConsole.Domain.Notifications;

namespace PromptConsole.Tests.Domain.Notifications;

public sealed class ChannelValidatorTests
{
    private const string Secret = "whsec-0123456789abcdef";

    private static ChannelDraft Webhook(string? name = "ops", string? url = "https://hooks.example.com/alerts", string? secret = Secret, string? type = "webhook") =>
        new(name, type, url, secret, null, null);

    public static TheoryData<string, ChannelDraft, string> Cases => new()
    {
        { "a signed webhook is valid", Webhook(), "" },
        { "a webhook without a secret is valid", Webhook(secret: null), "" },
        { "an empty secret means none", Webhook(secret: ""), "" },
        { "plain http is allowed (a receiver inside the network)", Webhook(url: "http://10.0.0.5:8080/hook"), "" },
        { "type is read case-insensitively", Webhook(type: " Slack ", secret: null), "" },
        { "a slack channel without a secret is valid", new ChannelDraft("chat", "slack", "https://hooks.slack.com/services/T1/B2/abc", null, true, false), "" },
        { "nothing given names every required field", new ChannelDraft(null, null, null, null, null, null), "name,type,url" },
        { "a blank name is missing", Webhook(name: "   "), "name" },
        { "a name over 100 characters", Webhook(name: new string('n', 101)), "name" },
        { "an unknown type", Webhook(type: "email"), "type" },
        { "a relative url", Webhook(url: "/hooks/alerts"), "url" },
        { "a url without a scheme", Webhook(url: "hooks.example.com/alerts"), "url" },
        { "an ftp url", Webhook(url: "ftp://hooks.example.com/alerts"), "url" },
        { "a file url", Webhook(url: "file:///etc/passwd"), "url" },
        { "a url over 2000 characters", Webhook(url: "https://hooks.example.com/" + new string('a', 2000)), "url" },
        { "a secret on a slack channel is refused", Webhook(type: "slack"), "secret" },
        { "a secret of 15 characters is too short", Webhook(secret: new string('s', 15)), "secret" },
        { "a secret of 16 characters is enough", Webhook(secret: new string('s', 16)), "" },
        { "a secret over 256 characters", Webhook(secret: new string('s', 257)), "secret" },
        { "a secret with surrounding white space", Webhook(secret: " " + Secret), "secret" },
        { "every offending field in order", new ChannelDraft("", "sms", "nope", "short", null, null), "name,type,url,secret" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_every_offending_field(string rule, ChannelDraft draft, string expected)
    {
        var result = ChannelValidator.Validate(draft);

        var found = result.IsSuccess ? string.Empty : string.Join(",", result.Error!.FieldErrors.Select(e => e.Field));
        Assert.True(expected == found, $"{rule}: expected [{expected}], found [{found}]");
        if (!result.IsSuccess)
            Assert.Equal("invalid-channel", result.Error!.Code);
    }

    [Fact]
    public void A_valid_draft_is_trimmed_and_takes_the_defaults()
    {
        var definition = ChannelValidator.Validate(new ChannelDraft("  on-call  ", "WEBHOOK", " https://hooks.example.com/a?b=1 ", Secret, null, null)).Value;

        Assert.Equal("on-call", definition.Name);
        Assert.Equal(ChannelType.Webhook, definition.Type);
        Assert.Equal("https://hooks.example.com/a?b=1", definition.Url.OriginalString);
        Assert.Equal(Secret, definition.Secret);
        Assert.False(definition.DailyReport);
        Assert.True(definition.Enabled);
    }

    [Fact]
    public void A_refused_slack_secret_is_not_echoed()
    {
        var error = ChannelValidator.Validate(Webhook(type: "slack")).Error!;

        Assert.DoesNotContain(Secret, error.FieldErrors.Single().Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, ChannelType, string, string> Redactions => new()
    {
        { "a slack url hides its token", ChannelType.Slack, "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX", "https://hooks.slack.com/services/T000/B000/****" },
        { "a mattermost url hides its token", ChannelType.Slack, "https://chat.example.com/hooks/abc123token", "https://chat.example.com/hooks/****" },
        { "a trailing slash still hides the token", ChannelType.Slack, "https://chat.example.com/hooks/abc123token/", "https://chat.example.com/hooks/****" },
        { "a query and user info are dropped", ChannelType.Slack, "https://user:pw@chat.example.com:8443/hooks/t?token=x", "https://chat.example.com:8443/hooks/****" },
        { "a bare host", ChannelType.Slack, "https://chat.example.com", "https://chat.example.com/****" },
        { "a webhook url is shown as stored", ChannelType.Webhook, "https://hooks.example.com/alerts?team=ops", "https://hooks.example.com/alerts?team=ops" },
    };

    [Theory]
    [MemberData(nameof(Redactions))]
    public void Views_mask_what_may_be_a_token(string rule, ChannelType type, string url, string expected)
    {
        Assert.True(expected == ChannelUrls.Redact(type, url), $"{rule}: {ChannelUrls.Redact(type, url)}");
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXX", "https://hooks.slack.com")]
    [InlineData("http://user:pw@10.0.0.5:8080/hook?token=x", "http://10.0.0.5:8080")]
    [InlineData("not a url", "(invalid URL)")]
    public void Logs_and_audits_name_the_host_only(string url, string expected)
    {
        Assert.Equal(expected, ChannelUrls.HostOf(url));
    }
}
