namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// What changed, as far as the execution path's caches care: one prompt's snapshot, the flag definitions, or
/// (after a gap in what this instance heard) everything.
/// </summary>
public readonly record struct ConfigurationChange
{
    private const string EverythingText = "*";
    private const string FlagsText = "flags";
    private const string ApiKeysText = "api-keys";
    private const string TenantsText = "tenants";
    private const string ConversationCacheText = "conversation-cache";
    private const string PromptPrefix = "prompt:";

    private ConfigurationChange(ConfigurationChangeScope scope, string? promptKey)
    {
        Scope = scope;
        PromptKey = promptKey;
    }

    public ConfigurationChangeScope Scope { get; }

    /// <summary>Set when <see cref="Scope"/> is <see cref="ConfigurationChangeScope.Prompt"/>.</summary>
    public string? PromptKey { get; }

    public static ConfigurationChange Everything { get; } = new(ConfigurationChangeScope.Everything, null);

    public static ConfigurationChange Flags { get; } = new(ConfigurationChangeScope.Flags, null);

    /// <summary>A key was created or revoked: every instance drops its cached keys.</summary>
    public static ConfigurationChange ApiKeys { get; } = new(ConfigurationChangeScope.ApiKeys, null);

    /// <summary>The tenants' limits (the usage limiter's tenant cache).</summary>
    public static ConfigurationChange Tenants { get; } = new(ConfigurationChangeScope.Tenants, null);

    /// <summary>The semantic cache settings of raw conversations.</summary>
    public static ConfigurationChange ConversationCache { get; } = new(ConfigurationChangeScope.ConversationCache, null);

    public static ConfigurationChange Prompt(string key) => new(ConfigurationChangeScope.Prompt, key);

    /// <summary>The wire form carried over Redis.</summary>
    public override string ToString() => Scope switch
    {
        ConfigurationChangeScope.Prompt => PromptPrefix + PromptKey,
        ConfigurationChangeScope.Flags => FlagsText,
        ConfigurationChangeScope.ApiKeys => ApiKeysText,
        ConfigurationChangeScope.Tenants => TenantsText,
        ConfigurationChangeScope.ConversationCache => ConversationCacheText,
        _ => EverythingText,
    };

    /// <summary>Reads the wire form; anything unknown (a newer instance's message) is taken as "everything", the safe answer.</summary>
    public static ConfigurationChange Parse(string? text)
    {
        if (text is null)
            return Everything;
        if (text.StartsWith(PromptPrefix, StringComparison.Ordinal) && text.Length > PromptPrefix.Length)
            return Prompt(text[PromptPrefix.Length..]);
        return text switch
        {
            FlagsText => Flags,
            ApiKeysText => ApiKeys,
            TenantsText => Tenants,
            ConversationCacheText => ConversationCache,
            _ => Everything,
        };
    }
}

public enum ConfigurationChangeScope
{
    Prompt,
    Flags,
    ApiKeys,
    Everything,
    Tenants,
    ConversationCache,
}
