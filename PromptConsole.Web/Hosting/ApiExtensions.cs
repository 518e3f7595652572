using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Api;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Hosting;

public static class ApiExtensions
{
    public static IServiceCollection AddPromptConsoleApi(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = FrameworkProblems.Customize);
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
        app.MapOpenApi().AllowAnonymous();
        app.MapAccountEndpoints();

        // Every API endpoint is mapped through this group, whose convention decides its authorization (key scope,
        // declared role, or Viewer to read and Operator to change); see EndpointAccess.
        var api = EndpointAccess.Apply(app.MapGroup(string.Empty));
        api.MapPromptsApi();
        api.MapExecutionApi();
        api.MapOpenAiCompatibleApi();
        api.MapOpenAiEmbeddingsApi();
        api.MapOpenAiModelsApi();
        api.MapMetricsApi();
        api.MapTenantMetricsApi();
        api.MapExecutionsApi();
        api.MapFlagsApi();
        api.MapExperimentsApi();
        api.MapRollbacksApi();
        api.MapCanariesApi();
        api.MapGoldenSetsApi();
        api.MapSlosApi();
        api.MapAlertsApi();
        api.MapChannelsApi();
        api.MapCalibrationApi();
        api.MapReportsApi();
        api.MapAccessApi();
        api.MapTenantsApi();
        api.MapCacheApi();
        api.MapSemanticCacheApi();
        api.MapSemanticCacheEstimateApi();
        api.MapConversationSemanticCacheApi();
        api.MapBatchesApi();

        // Liveness runs no checks (the process answers); readiness needs the database. Both stay open for probes.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}
