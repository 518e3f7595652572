using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Hosting;

public static class MetricsStoreExtensions
{
    /// <summary>The in-process metrics store, its rollup writer, and feedback (which feeds quality into it).</summary>
    public static IServiceCollection AddPromptConsoleMetricsStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsStoreOptions>()
            .Bind(configuration.GetSection(MetricsStoreOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsStoreOptions>, MetricsStoreOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MetricsStore>();
        services.AddSingleton<IMetricsStore>(provider => provider.GetRequiredService<MetricsStore>());
        services.AddSingleton<ITenantUsageStore>(provider => provider.GetRequiredService<MetricsStore>());
        services.AddHostedService<MetricsRollupWriter>();
        services.AddPromptConsoleFleetLiveWindows();
        services.AddSingleton<ExecutionFeedback>();
        return services;
    }

    /// <summary>
    /// Live windows that show the whole fleet (see <see cref="LiveBucketExchange"/>): the transport is chosen
    /// when the exchange starts, so configuration added after registration still decides it.
    /// </summary>
    private static void AddPromptConsoleFleetLiveWindows(this IServiceCollection services)
    {
        services.AddSingleton<FleetLiveSeconds>();
        services.AddSingleton<RedisLiveBucketTransport>();
        services.AddSingleton<DatabaseLiveBucketTransport>();
        services.AddHostedService<LiveBucketExchange>();
    }
}
