using PromptConsole.Domain.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Web.Background;
using PromptConsole.Web.Infrastructure.VectorSearch;
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
        services.AddOptions<ExactCacheOptions>().Bind(configuration.GetSection(ExactCacheOptions.Section))
            .Validate(o => o.LocalMaxBytes > 0, "PromptConsole:Cache:LocalMaxBytes must be positive.")
            .Validate(
                o => o.ChatCompletions.TtlSeconds is >= ExactCacheSettings.MinTtlSeconds and <= ExactCacheSettings.MaxTtlSeconds,
                $"PromptConsole:Cache:ChatCompletions:TtlSeconds must be between {ExactCacheSettings.MinTtlSeconds} and {ExactCacheSettings.MaxTtlSeconds} seconds.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<ExactCacheOptions>, ChatCompletionSemanticCacheOptionsValidator>());
        var cacheOptions = configuration.GetSection(ExactCacheOptions.Section).Get<ExactCacheOptions>() ?? new ExactCacheOptions();

        // Always there: without Redis (or while it is away) the tier answers nothing and is asked nothing.
        services.AddSingleton<ResilientRedisCache>();
        services.AddSingleton<IDistributedCache>(provider => provider.GetRequiredService<ResilientRedisCache>());

        // HybridCache's L1: a bounded memory cache that counts what it evicts (registered before AddHybridCache, which keeps it).
        services.Configure<MemoryCacheOptions>(options => options.SizeLimit = cacheOptions.LocalMaxBytes);
        services.AddSingleton<EvictionCountingMemoryCache>();
        services.AddSingleton<IMemoryCache>(provider => provider.GetRequiredService<EvictionCountingMemoryCache>());
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
        AddSemanticCache(services, configuration);
        return services;
    }

    /// <summary>
    /// The template-aware semantic cache: its store (entries shared through Redis when configured), the pipeline stage,
    /// the settings' administration (prompts', and raw conversations' in force), the sweep of expired entries. Its vector indexes and the observations' store are
    /// registered just before it.
    /// </summary>
    private static void AddSemanticCache(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SemanticCacheOptions>().Bind(configuration.GetSection(SemanticCacheOptions.Section));
        services.AddSingleton<SemanticCacheStatistics>();
        services.AddSingleton<SemanticResponseCache>();
        services.AddHostedService(provider => provider.GetRequiredService<SemanticResponseCache>());
        services.AddHostedService<SemanticCacheSweeper>();
        services.AddSingleton<SemanticCacheStage>();
        services.AddSingleton<ConversationCacheSettingsStore>();
        services.AddSingleton<IConversationCacheConsole>(provider => provider.GetRequiredService<ConversationCacheSettingsStore>());
        services.AddSingleton<SemanticCacheAdministration>();
        services.AddSingleton<ISemanticCacheConsole>(provider => provider.GetRequiredService<SemanticCacheAdministration>());
    }
}
