using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// Readiness warning "redis": Degraded (still HTTP 200 on /readyz, so the instance keeps its traffic) while the
/// configured Redis is unreachable; requests go on and configuration changes travel through the database version
/// check meanwhile.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConfigured)
            return Task.FromResult(HealthCheckResult.Healthy("Redis is not configured (single instance)."));
        return Task.FromResult(
            redis.IsConnected
                ? HealthCheckResult.Healthy("Redis connected.")
                : HealthCheckResult.Degraded("Redis is unreachable: configuration changes reach other instances through the database version check (about 1 s) until it is back."));
    }
}
