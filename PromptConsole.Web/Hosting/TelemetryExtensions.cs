using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Hosting;

public static class TelemetryExtensions
{
    public static IServiceCollection AddPromptConsoleTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<PromptConsoleMetrics>();

        services.AddPromptConsoleOpenTelemetry(configuration);
        services.AddSingleton<PrometheusExposition>();
        return services;
    }

    /// <summary>GET <c>/metrics</c> in the Prometheus text format 0.0.4.</summary>
    public static IEndpointRouteBuilder MapPromptConsoleTelemetry(this IEndpointRouteBuilder endpoints)
    {
        // Resolved now, not at the first scrape, so measurements made before it are counted.
        var exposition = endpoints.ServiceProvider.GetRequiredService<PrometheusExposition>();
        endpoints.MapGet("/metrics", (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Results.Text(exposition.Scrape(), PrometheusText.ContentType);
            })
            .ExcludeFromDescription();
        return endpoints;
    }
}
