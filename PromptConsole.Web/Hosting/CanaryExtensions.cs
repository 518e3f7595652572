using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Hosting;

public static class CanaryExtensions
{
    /// <summary>The canary service, its records reader and the analysis controller.</summary>
    public static IServiceCollection AddPromptConsoleCanaries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CanaryOptions>().Bind(configuration.GetSection(CanaryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CanaryOptions>, CanaryOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CanaryRecordsReader>();
        services.AddSingleton<ICanaryService, CanaryService>();
        services.AddHostedService<CanaryAnalysisController>();
        return services;
    }
}
