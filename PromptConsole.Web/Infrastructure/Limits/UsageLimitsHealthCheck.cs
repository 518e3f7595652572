using Microsoft.Extensions.Diagnostics.HealthChecks;
using PromptConsole.Web.Services.Limits;

namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>
/// Readiness warning "limits": Degraded (still HTTP 200 on /readyz) while Redis is configured but unreachable and the
/// database counts per-key and per-tenant limits in its place; limits are still enforced, at the database's pace.
/// </summary>
public sealed class UsageLimitsHealthCheck(IUsageLimiter limiter) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(limiter.IsFallingBack
            ? HealthCheckResult.Degraded("Redis is unreachable: usage limits are counted in the database until it is back.")
            : HealthCheckResult.Healthy("Usage limits are counted in their configured store."));
}
