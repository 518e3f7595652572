using Prometheus;
using PromptConsole.Domain.Limits;

namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>
/// Limits on <c>/metrics</c>: requests refused per limit (<c>limit</c> is one of six fixed names such as
/// <c>tenant.monthlyBudget</c>, so the series stay few), whether the database is counting in Redis's place and how
/// many counts it took over (while it does, instances that still reach Redis count apart from it, so a limit can admit
/// more than its number across the fleet), and how often neither store answered (the request was admitted unchecked).
/// </summary>
public sealed class UsageLimitMetrics
{
    private readonly Counter _refusals;
    private readonly Gauge _fallingBack;
    private readonly Counter _databaseCounts;
    private readonly Counter _storeFailures;

    public UsageLimitMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _refusals = factory.CreateCounter("promptconsole_usage_limit_refusals_total", "Requests refused with 429 by a per-key or per-tenant limit.", "limit");
        foreach (var name in UsageLimitNames.All)
            _refusals.WithLabels(name);
        _fallingBack = factory.CreateGauge("promptconsole_usage_limits_database_fallback", "1 while Redis is configured but unreachable and the database counts usage limits, else 0.");
        _databaseCounts = factory.CreateCounter("promptconsole_usage_limits_database_counts_total", "Usage-limit counts and reads made on the database because Redis is configured but did not answer.");
        _storeFailures = factory.CreateCounter("promptconsole_usage_limit_store_failures_total", "Admissions or recordings that neither Redis nor the database could count (admitted unchecked).");
    }

    public void CountRefusal(string limit) => _refusals.WithLabels(limit).Inc();

    public void SetFallingBack(bool fallingBack) => _fallingBack.Set(fallingBack ? 1 : 0);

    public void CountDatabaseCount() => _databaseCounts.Inc();

    public void CountStoreFailure() => _storeFailures.Inc();
}
