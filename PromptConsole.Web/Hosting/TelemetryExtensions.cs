using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Hosting;

public static class TelemetryExtensions
{
    public static IServiceCollection AddPromptConsoleTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TracingOptions>()
            .Bind(configuration.GetSection(TracingOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TracingOptions>, TracingOptionsValidator>();
        services.AddSingleton<PromptConsoleTracing>();
        services.AddSingleton<TracerProviderHost>();
        services.AddHostedService(provider => provider.GetRequiredService<TracerProviderHost>());
        return services;
    }
}
