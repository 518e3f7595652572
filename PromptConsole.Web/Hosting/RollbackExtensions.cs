using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Hosting;

public static class RollbackExtensions
{
    /// <summary>Automatic rollbacks with their safeguards, the recovery watcher and the incident timeline.</summary>
    public static IServiceCollection AddPromptConsoleRollbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RollbackOptions>().Bind(configuration.GetSection(RollbackOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RollbackOptions>, RollbackOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RollbackMetricsReader>();

        // A singleton: its per-prompt locks must be shared by every caller in the process.
        services.AddSingleton<IAutomaticRollbacks, AutomaticRollbackService>();
        services.AddSingleton<AutomaticLabelRollback>();
        services.AddSingleton<IIncidentTimeline, IncidentTimeline>();
        services.AddHostedService<RollbackRecoveryWatcher>();
        return services;
    }
}
