using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Tests.Fleet;

/// <summary>The wire form of a configuration change, and the fleet settings' validation.</summary>
public sealed class ConfigurationChangeTests
{
    public static TheoryData<string, string?, ConfigurationChangeScope, string?> WireForms => new()
    {
        { "a prompt", "prompt:support-reply", ConfigurationChangeScope.Prompt, "support-reply" },
        { "a prompt key with a colon stays whole", "prompt:a:b", ConfigurationChangeScope.Prompt, "a:b" },
        { "the flags", "flags", ConfigurationChangeScope.Flags, null },
        { "everything", "*", ConfigurationChangeScope.Everything, null },
        { "the semantic cache of raw conversations", "conversation-cache", ConfigurationChangeScope.ConversationCache, null },
        { "an unknown message is taken as everything (the safe answer)", "something-newer", ConfigurationChangeScope.Everything, null },
        { "an empty prompt key is taken as everything", "prompt:", ConfigurationChangeScope.Everything, null },
        { "no text is taken as everything", null, ConfigurationChangeScope.Everything, null },
    };

    [Theory]
    [MemberData(nameof(WireForms))]
    public void Parses_the_wire_form(string name, string? text, ConfigurationChangeScope scope, string? promptKey)
    {
        var change = ConfigurationChange.Parse(text);
        Assert.True(change.Scope == scope, name);
        Assert.Equal(promptKey, change.PromptKey);
    }

    [Fact]
    public void Round_trips_every_scope()
    {
        foreach (var change in new[] { ConfigurationChange.Prompt("k-1"), ConfigurationChange.Flags, ConfigurationChange.Everything, ConfigurationChange.ApiKeys, ConfigurationChange.Tenants, ConfigurationChange.ConversationCache })
            Assert.Equal(change, ConfigurationChange.Parse(change.ToString()));
    }

    public static TheoryData<string, FleetOptions, bool> Settings => new()
    {
        { "defaults", new FleetOptions(), true },
        { "unknown-key cache off", new FleetOptions { UnknownPromptCacheDuration = TimeSpan.Zero }, true },
        { "no version check interval", new FleetOptions { VersionCheckInterval = TimeSpan.Zero }, false },
        { "version check beyond an hour", new FleetOptions { VersionCheckInterval = TimeSpan.FromHours(2) }, false },
        { "negative unknown-key cache", new FleetOptions { UnknownPromptCacheDuration = TimeSpan.FromSeconds(-1) }, false },
        { "no leader retry interval", new FleetOptions { LeaderRetryInterval = TimeSpan.Zero }, false },
        { "negative capacity", new FleetOptions { UnknownPromptCacheCapacity = -1 }, false },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Validates_the_fleet_settings(string name, FleetOptions options, bool valid) =>
        Assert.True(new FleetOptionsValidator().Validate(null, options).Succeeded == valid, name);
}
