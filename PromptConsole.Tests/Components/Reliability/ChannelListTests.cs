using PromptConsole.Domain.Access;
using static PromptConsole.Tests.Components.Rendering.RoleControls;
using Bunit;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Components.Pages.Alerts;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>The channels page: list, create/edit with a write-only secret, delete with confirm, and "send test" with its outcome.</summary>
public class ChannelListTests : ReliabilityPageTest
{
    private IRenderedComponent<ChannelList> RenderPage()
    {
        var page = Render<ChannelList>();
        page.WaitForAssertion(() => Assert.False(Has(page, "channels-loading")));
        return page;
    }

    [Fact]
    public void Without_channels_it_says_what_to_add()
    {
        var page = RenderPage();

        Assert.NotNull(page.Find("[data-testid=channels-empty]"));
    }

    [Fact]
    public void Send_test_shows_delivered_and_each_attempt()
    {
        Channels.Add(ReliabilityFixtures.Channel());
        var page = RenderPage();

        ByTestId(page, "channel-send-test").Click();

        var outcome = page.WaitForElement("[data-testid=channel-test-outcome]");
        Assert.Equal("true", outcome.GetAttribute("data-delivered"));
        Assert.Contains("Delivered after 2 attempts.", outcome.TextContent, StringComparison.Ordinal);
        Assert.Equal(["false", "true"], outcome.QuerySelectorAll("[data-testid=notification-attempt]").Select(a => a.GetAttribute("data-succeeded")));
        Assert.Equal([("test", (Guid?)ReliabilityFixtures.ChannelId, "oncall")], Channels.Calls.Select(c => (c.Action, c.Id, c.Actor)));
    }

    [Fact]
    public void A_failed_test_says_not_delivered_and_a_refused_one_shows_the_service_message()
    {
        Channels.Add(ReliabilityFixtures.Channel());
        Channels.TestOutcome = id => new DeliveryOutcome(false,
            [ReliabilityFixtures.Attempt(1, false, "test", channelId: id), ReliabilityFixtures.Attempt(2, false, "test", error: "Connection refused", channelId: id)]);
        var page = RenderPage();

        ByTestId(page, "channel-send-test").Click();

        var outcome = page.WaitForElement("[data-testid=channel-test-outcome]");
        Assert.Equal("false", outcome.GetAttribute("data-delivered"));
        Assert.Contains("Not delivered: 2 attempts failed.", outcome.TextContent, StringComparison.Ordinal);
        Assert.Contains("Connection refused", outcome.TextContent, StringComparison.Ordinal);

        Channels.TestOutcome = _ => Error.NotFound("channel-not-found", "The channel was deleted meanwhile.");
        ByTestId(page, "channel-send-test").Click();

        page.WaitForAssertion(() => Assert.Contains("deleted meanwhile", ByTestId(page, "channel-test-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Creating_sends_the_secret_and_the_new_channel_is_listed()
    {
        var dialogs = RenderDialogs();
        var page = RenderPage();

        ByTestId(page, "new-channel").Click();
        dialogs.WaitForElement("[data-testid=channel-dialog]");
        Assert.Equal("password", InputByTestId(dialogs, "channel-secret").GetAttribute("type"));
        InputByTestId(dialogs, "channel-name").Input("oncall");
        InputByTestId(dialogs, "channel-url").Input("https://hooks.example.test/x");
        InputByTestId(dialogs, "channel-secret").Input("s3cret");
        ByTestId(dialogs, "confirm-save-channel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=channel-dialog]")));
        Assert.Equal(new ChannelCommand("oncall", "webhook", "https://hooks.example.test/x", "s3cret", false, true), Channels.Calls.Single().Command);
        page.WaitForAssertion(() => Assert.Equal("oncall", page.Find("[data-testid=channel-row]").GetAttribute("data-channel-name")));
    }

    [Fact]
    public void Editing_keeps_the_secret_when_left_empty()
    {
        Channels.Add(ReliabilityFixtures.Channel(hasSecret: true));
        var dialogs = RenderDialogs();
        var page = RenderPage();

        ByTestId(page, "channel-edit").Click();
        dialogs.WaitForElement("[data-testid=channel-dialog]");
        Assert.Contains("Leave empty to keep", dialogs.Find("[data-testid=channel-dialog]").TextContent, StringComparison.Ordinal);
        Assert.Equal("", InputByTestId(dialogs, "channel-secret").GetAttribute("value") ?? "");
        InputByTestId(dialogs, "channel-name").Input("oncall-renamed");
        ByTestId(dialogs, "confirm-save-channel").Click();

        dialogs.WaitForAssertion(() => Assert.Single(Channels.Calls));
        var call = Channels.Calls[0];
        Assert.Equal(("update", (Guid?)ReliabilityFixtures.ChannelId, "oncall-renamed", (string?)null), (call.Action, call.Id, call.Command!.Name, call.Command.Secret));
    }

    [Fact]
    public void The_service_field_errors_show_under_the_channel_inputs()
    {
        Channels.OnSave = _ => Error.Validation("validation", "The channel is not valid.", [new FieldError("url", "The URL must be absolute http or https.")]);
        var dialogs = RenderDialogs();
        var page = RenderPage();
        ByTestId(page, "new-channel").Click();
        dialogs.WaitForElement("[data-testid=channel-dialog]");
        InputByTestId(dialogs, "channel-url").Input("hooks");

        ByTestId(dialogs, "confirm-save-channel").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("The URL must be absolute http or https.", dialogs.Find(".pc-field-error[data-field=url]").TextContent));
        Assert.Contains("The channel is not valid.", ByTestId(dialogs, "channel-dialog-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_asks_first_and_cancel_keeps_the_channel()
    {
        Channels.Add(ReliabilityFixtures.Channel());
        var dialogs = RenderDialogs();
        var page = RenderPage();

        ByTestId(page, "channel-delete").Click();
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-delete-dialog]")));
        Assert.Empty(Channels.Calls);

        ByTestId(page, "channel-delete").Click();
        dialogs.WaitForElement("[data-testid=confirm-delete]").Click();

        page.WaitForElement("[data-testid=channels-empty]");
        Assert.Equal(["delete"], Channels.Calls.Select(c => c.Action));
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, false)]
    [InlineData(ConsoleRole.Admin, true)]
    public void Channels_are_changed_and_tested_only_by_admins(ConsoleRole role, bool allowed)
    {
        Channels.Add(ReliabilityFixtures.Channel());
        User.Role = role;
        var page = RenderPage();

        Assert.NotEmpty(page.FindAll("[data-testid=channel-row]"));
        AssertShown(page, allowed, "new-channel", "channel-send-test", "channel-edit", "channel-delete");
        AssertShown(page, !allowed, "channels-not-allowed");
    }
}
