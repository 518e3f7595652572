using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Hosting;

public static class SloExtensions
{
    /// <summary>SLOs: their store and API service, and the evaluator the alert evaluation reads them through.</summary>
    public static IServiceCollection AddPromptConsoleSlos(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SloEvaluator>();
        services.AddSingleton<ISloEvaluator>(provider => provider.GetRequiredService<SloEvaluator>());
        services.AddSingleton<ISloService, SloService>();
        return services;
    }
}
