using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Limits;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services.Limits;

namespace PromptConsole.Web.Hosting;

public static class LimitsExtensions
{
    /// <summary>
    /// Per-key and per-tenant limits and budgets: the limiter (Redis when <c>PromptConsole:Redis:Configuration</c> is
    /// set, the database otherwise and while Redis is down), the month ledger and its flush-and-prune loop, the
    /// tenants, the "limits" readiness warning and the execution recorder wrapper that tallies each request's usage.
    /// Call after persistence (it wraps the recorder registered there) and with the fleet (it shares its Redis connection).
    /// </summary>
    public static IServiceCollection AddPromptConsoleLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<UsageCallerResolver>();
        services.AddSingleton<MonthlyUsageLedger>();
        services.AddSingleton<DatabaseUsageCounterStore>();
        services.AddSingleton<RedisUsageCounterStore>();
        services.AddSingleton<UsageLimitMetrics>();
        services.AddSingleton<IUsageLimiter, UsageLimiter>();
        services.AddSingleton<UsageCounterMaintenance>();
        services.AddHostedService(provider => provider.GetRequiredService<UsageCounterMaintenance>());
        services.AddHealthChecks().AddCheck<UsageLimitsHealthCheck>("limits", tags: ["ready"]);

        // The executor and the gateway get the recorder through this wrapper, which adds each record to the request's usage tally.
        services.Replace(ServiceDescriptor.Singleton<IExecutionRecorder>(
            provider => new UsageTallyingExecutionRecorder(provider.GetRequiredService<BatchingExecutionRecorder>())));
        return services;
    }
}
