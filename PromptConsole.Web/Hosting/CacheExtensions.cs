using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Hosting;

public static class CacheExtensions
{
    /// <summary>
    /// The exact response cache: HybridCache with L1 in process always and L2 in Redis when
    /// <c>PromptConsole:Redis:Configuration</c> is set (through the instance's one multiplexer), purges published over
    /// Redis pub/sub, and the in-process figures behind the console's cache page.
    /// </summary>
    public static IServiceCollection AddPromptConsoleCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExactCacheOptions>().Bind(configuration.GetSection(ExactCacheOptions.Section));
        var cacheOptions = configuration.GetSection(ExactCacheOptions.Section).Get<ExactCacheOptions>() ?? new ExactCacheOptions();

        // Always there: without Redis (or while it is away) the tier answers nothing and is asked nothing.
        services.AddSingleton<ResilientRedisCache>();
        services.AddSingleton<IDistributedCache>(provider => provider.GetRequiredService<ResilientRedisCache>());

        services.AddHybridCache(options =>
        {
            options.MaximumPayloadBytes = cacheOptions.MaximumPayloadBytes;
            options.DefaultEntryOptions = new HybridCacheEntryOptions { LocalCacheExpiration = cacheOptions.LocalExpiration };
        }).AddSerializer<CachedAnswer, CachedAnswerSerializer>();

        services.AddSingleton<ExactCacheStatistics>();
        services.AddSingleton<ExactCacheInvalidations>();
        services.AddHostedService(provider => provider.GetRequiredService<ExactCacheInvalidations>());
        services.AddSingleton<ExactResponseCache>();
        services.AddSingleton<CacheAdministration>();
        services.AddSingleton<ICacheConsole>(provider => provider.GetRequiredService<CacheAdministration>());

        // The semantic cache's vector indexes, and its observations behind the false-hit estimate.
        services.AddPromptConsoleVectorSearch(configuration);
        services.AddOptions<SemanticObservationOptions>()
            .Bind(configuration.GetSection(SemanticObservationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SemanticObservationWriter>();
        services.AddSingleton<ISemanticCacheObservations>(provider => provider.GetRequiredService<SemanticObservationWriter>());
        services.AddHostedService(provider => provider.GetRequiredService<SemanticObservationWriter>());
        services.AddSingleton<SemanticCacheEstimates>();
        services.AddSingleton<ISemanticShadowResults>(provider => provider.GetRequiredService<SemanticCacheEstimates>());
        return services;
    }
}
