using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Api;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Hosting;

public static class ApiExtensions
{
    public static IServiceCollection AddPromptConsoleApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<UnexpectedExceptionHandler>();
        services.AddOpenApi();
        services.AddHealthChecks();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddSingleton<IExecutionExplorer, ExecutionExplorer>();

        // Overload protection: executions beyond the concurrency limit and its queue get a 503
        // with Retry-After instead of piling up until everything times out.
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ExecutionApi.RateLimitPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ExecutionOptions>>().Value;
                return RateLimitPartition.GetConcurrencyLimiter("execute", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.MaxConcurrentExecutions,
                    QueueLimit = options.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<ExecutionOptions>>().Value;
                context.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var error = new Error(ErrorKind.Unavailable, "overloaded", $"Too many executions in flight; retry after {options.RetryAfterSeconds} s.");
                await error.ToResult(context.HttpContext).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    public static WebApplication MapPromptConsoleApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapPromptsApi();
        app.MapExecutionApi();
        app.MapOpenAiCompatibleApi();
        app.MapOpenAiEmbeddingsApi();
        app.MapOpenAiModelsApi();
        app.MapMetricsApi();
        app.MapTenantMetricsApi();
        app.MapExecutionsApi();
        app.MapFlagsApi();
        app.MapExperimentsApi();
        app.MapRollbacksApi();
        app.MapCanariesApi();
        app.MapGoldenSetsApi();
        app.MapSlosApi();
        app.MapAlertsApi();
        app.MapChannelsApi();

        // Liveness runs no checks (the process answers); readiness needs the database.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
