using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Hosting;

public static class AlertExtensions
{
    /// <summary>Alert rules, their alerts and the evaluation controller (channels, SLOs and calibration come from their own extensions).</summary>
    public static IServiceCollection AddPromptConsoleAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAlertService, AlertService>();
        services.AddHostedService<AlertEvaluationController>();
        return services;
    }
}
