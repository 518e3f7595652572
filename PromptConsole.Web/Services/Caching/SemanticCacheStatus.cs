namespace PromptConsole.Web.Services.Caching;

/// <summary>The semantic cache's values of <c>X-PromptConsole-Cache</c>, the record's cache status and the metrics' <c>result</c>.</summary>
public static class SemanticCacheStatus
{
    /// <summary>Answered with a stored answer to a request that matched by meaning (template-aware).</summary>
    public const string Hit = "hit-semantic";
}
