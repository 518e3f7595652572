using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Hosting;

public static class ExperimentExtensions
{
    /// <summary>The experiment service, the results reader and the end-date sweep.</summary>
    public static IServiceCollection AddPromptConsoleExperiments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExperimentOptions>().Bind(configuration.GetSection(ExperimentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExperimentOptions>, ExperimentOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ExperimentRecordsReader>();
        services.AddSingleton<IExperimentService, ExperimentService>();
        services.AddHostedService<ExperimentEndDateController>();
        return services;
    }
}
