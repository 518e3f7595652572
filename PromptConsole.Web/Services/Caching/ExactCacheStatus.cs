namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// How the exact cache took part in one request: the value of the <c>X-PromptConsole-Cache</c> header and of the
/// execute response's <c>cacheStatus</c> field, and the <c>result</c> label of the cache metrics.
/// </summary>
public static class ExactCacheStatus
{
    /// <summary>The prompt's exact cache is off (or the request kind is never cached, e.g. golden runs).</summary>
    public const string Off = "off";

    /// <summary>Not in the cache: this request called the provider (and stored the answer if it was good).</summary>
    public const string Miss = "miss";

    /// <summary><c>Cache-Control: no-cache</c>: the cache was not read; the fresh answer was still stored.</summary>
    public const string Bypass = "bypass";

    /// <summary>Answered from this process's memory.</summary>
    public const string HitL1 = "hit-l1";

    /// <summary>Answered from Redis (shared by every instance).</summary>
    public const string HitL2 = "hit-l2";

    /// <summary>Shared an identical request's in-flight provider call.</summary>
    public const string Coalesced = "coalesced";

    public const string HeaderName = "X-PromptConsole-Cache";

    public static IReadOnlyList<string> All { get; } = [HitL1, HitL2, Coalesced, Miss, Bypass];

    public static bool IsHit(string status) => status is HitL1 or HitL2 or Coalesced;
}
