using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Caching;

/// <summary>What the console's cache page and the prompt page's cache tab do with the exact cache.</summary>
public interface ICacheConsole
{
    Task<CacheOverview> OverviewAsync(CancellationToken cancellationToken);

    Task<Result<PromptCacheState>> GetAsync(string key, CancellationToken cancellationToken);

    Task<Result<PromptCacheState>> ConfigureAsync(string key, bool? enabled, int? ttlSeconds, string actor, CancellationToken cancellationToken);

    Task<Result<CachePurge>> PurgeAsync(string key, int? version, string actor, CancellationToken cancellationToken);
}
