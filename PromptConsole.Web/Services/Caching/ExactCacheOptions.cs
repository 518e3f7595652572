using PromptConsole.Domain.Caching;

namespace PromptConsole.Web.Services.Caching;

/// <summary>Section <c>PromptConsole:Cache</c>: the exact response cache's process-wide limits.</summary>
public sealed class ExactCacheOptions
{
    public const string Section = "PromptConsole:Cache";

    /// <summary>
    /// The longest an answer stays in a process's memory (L1), whatever the prompt's TTL: purges reach every instance
    /// at once over Redis, this bounds what a missed message can leave behind.
    /// </summary>
    public TimeSpan LocalExpiration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The most the in-process tier (L1) holds, in bytes of cached answers; past it the entries nearest their expiry make
    /// room (counted as evictions). 256 MB by default.
    /// </summary>
    public long LocalMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Answers larger than this (UTF-8 JSON) are not cached.</summary>
    public int MaximumPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>The Redis pub/sub channel that carries purges; instances sharing a Redis must share it.</summary>
    public string InvalidationChannel { get; set; } = "promptconsole:cache-invalidations";

    /// <summary>Key prefix of the L2 entries in Redis.</summary>
    public string RedisInstanceName { get; set; } = "promptconsole:cache:";

    /// <summary>
    /// <c>PromptConsole:Cache:ChatCompletions</c>: the exact cache for raw conversations on <c>/v1/chat/completions</c>
    /// (managed prompts have their own setting). Off by default: a raw conversation has no owner who opted in.
    /// </summary>
    public ChatCompletionCacheOptions ChatCompletions { get; set; } = new();
}

/// <summary>Whether identical raw conversations (same messages, model, parameters and tenant) are answered from the exact cache.</summary>
public sealed class ChatCompletionCacheOptions
{
    public bool Enabled { get; set; }

    public int TtlSeconds { get; set; } = ExactCacheSettings.DefaultTtlSeconds;

    /// <summary><c>PromptConsole:Cache:ChatCompletions:Semantic</c>: whole-prompt semantic matching of raw conversations, off by default.</summary>
    public ChatCompletionSemanticCacheOptions Semantic { get; set; } = new();
}
