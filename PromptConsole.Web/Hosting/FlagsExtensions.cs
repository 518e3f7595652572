using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Web.Hosting;

public static class FlagsExtensions
{
    /// <summary>Flags stored in the database: the registry the console and API change them through, and their evaluation.</summary>
    public static IServiceCollection AddPromptConsoleFlags(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FlagOptions>().Bind(configuration.GetSection(FlagOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FlagOptions>, FlagOptionsValidator>();
        services.TryAddSingleton<IFeatureFlagSource, DatabaseFeatureFlagSource>();
        services.AddSingleton<IFlagRegistry, FlagRegistry>();
        return services.AddFlagEvaluation();
    }

    /// <summary>
    /// Microsoft.FeatureManagement over our flags: definitions from <see cref="IFeatureFlagSource"/>
    /// (cached, see <see cref="FlagDefinitionCache"/>), our targeting as the feature filter. Needs an
    /// <see cref="IFeatureFlagSource"/> and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddFlagEvaluation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FlagOptions>();
        services.TryAddSingleton<FlagDefinitionCache>();
        services.TryAddSingleton<FlagDefinitionProvider>();
        services.AddFeatureManagement().AddFeatureFilter<FlagTargetingFilter>();

        // Replaces the configuration-backed provider AddFeatureManagement registers.
        services.Replace(ServiceDescriptor.Singleton<IFeatureDefinitionProvider>(provider => provider.GetRequiredService<FlagDefinitionProvider>()));
        services.TryAddSingleton<IFlagEvaluationService, FlagEvaluationService>();
        return services;
    }
}
