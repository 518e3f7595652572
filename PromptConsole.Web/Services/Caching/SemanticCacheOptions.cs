namespace PromptConsole.Web.Services.Caching;

/// <summary>Section <c>PromptConsole:SemanticCache</c>: the semantic cache's process-wide limits and its Redis names.</summary>
public sealed class SemanticCacheOptions
{
    public const string Section = "PromptConsole:SemanticCache";

    /// <summary>The most bytes (answers, embeddings, guards) this process holds over every prompt; the oldest entries go first.</summary>
    public long MaxTotalBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How many nearest entries a lookup verifies (the others' variables and guards) before it gives up.</summary>
    public int SearchCandidates { get; set; } = 8;

    /// <summary>The Redis pub/sub channel that announces new entries and purges; instances sharing a Redis must share it.</summary>
    public string Channel { get; set; } = "promptconsole:semantic-cache";

    /// <summary>Key prefix of the entries in Redis.</summary>
    public string RedisPrefix { get; set; } = "promptconsole:semantic:";
}
