using PromptConsole.Web.Infrastructure.Access;
using Prometheus;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Hosting;

/// <summary>
/// <c>/metrics</c> through prometheus-net: the product's metrics, its HTTP middleware's request
/// metrics, the process and GC figures (<see cref="ProcessMetrics"/>) and our <see cref="RuntimeMetrics"/>, all in one registry owned by this host. The static
/// default registry is left unused, so several hosts in one process (integration tests) each show
/// only their own counts, and prometheus-net's event-counter and meter adapters (which the default
/// registry would start) never run.
/// </summary>
public static class PrometheusMetricsExtensions
{
    public const string Path = "/metrics";

    public static IServiceCollection AddPromptConsolePrometheusMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        services.AddSingleton<PromptConsoleMetrics>();
        services.AddSingleton<RuntimeMetrics>();
        services.AddSingleton<ProcessMetrics>();
        services.AddSingleton<RecorderMetrics>();
        services.AddSingleton<LocalCacheMetrics>();
        services.AddSingleton<MetricsExpositionEndpoint>();
        return services;
    }

    /// <summary>
    /// Request count, duration and in-progress metrics, labelled with the route template (<c>endpoint</c>).
    /// Call it before the middleware that can answer on its own (rate limiter, size limit), so their answers are counted too.
    /// </summary>
    public static IApplicationBuilder UsePromptConsoleHttpMetrics(this IApplicationBuilder app)
    {
        var factory = Metrics.WithCustomRegistry(app.ApplicationServices.GetRequiredService<CollectorRegistry>());
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        return app.UseHttpMetrics(options =>
        {
            options.SetMetricFactory(factory);
            options.CaptureMetricsUrl = true;
        });
    }

    /// <summary>GET <c>/metrics</c>: the Prometheus text format, or OpenMetrics when the scraper asks for it.</summary>
    public static IEndpointRouteBuilder MapPromptConsolePrometheusMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Resolved now, not at the first scrape, so measurements made before it are counted.
        endpoints.ServiceProvider.GetRequiredService<PromptConsoleMetrics>();
        endpoints.ServiceProvider.GetRequiredService<RuntimeMetrics>();
        endpoints.ServiceProvider.GetRequiredService<ProcessMetrics>();
        endpoints.ServiceProvider.GetRequiredService<RecorderMetrics>();
        endpoints.ServiceProvider.GetRequiredService<LocalCacheMetrics>();
        var exposition = endpoints.ServiceProvider.GetRequiredService<MetricsExpositionEndpoint>();
        // Not behind sign-in (Prometheus has no session); when a bearer token is configured, only it is accepted.
        var bearer = endpoints.ServiceProvider.GetRequiredService<MetricsBearerToken>();
        endpoints.MapGet(Path, async context =>
            {
                if (await bearer.RefusedAsync(context))
                    return;
                await exposition.WriteAsync(context);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }
}
