using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Web.Services.GoldenSets;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Hosting;

public static class GoldenSetExtensions
{
    /// <summary>Golden sets: the case runner, the service behind the API and console, and the release gate.</summary>
    public static IServiceCollection AddPromptConsoleGoldenSets(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GoldenCaseRunner>();
        services.AddSingleton<IGoldenSetService, GoldenSetService>();
        services.AddSingleton<IGoldenGate, GoldenGate>();
        return services;
    }
}
