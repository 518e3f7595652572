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
        services.AddHostedService<MetricsRollupWriter>();
        services.AddSingleton<ExecutionFeedback>();
        return services;
    }
}
