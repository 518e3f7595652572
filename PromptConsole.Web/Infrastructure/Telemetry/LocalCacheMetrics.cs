using Prometheus;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>The exact cache's in-process tier on <c>/metrics</c>, read at each scrape: entries held and entries evicted, by reason.</summary>
public sealed class LocalCacheMetrics
{
    public LocalCacheMetrics(CollectorRegistry registry, EvictionCountingMemoryCache local)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var entries = factory.CreateGauge("promptconsole_cache_local_entries", "Entries held in this instance's in-process cache tier (L1).");
        var evictions = factory.CreateCounter("promptconsole_cache_local_evictions_total",
            "Entries the in-process tier (L1) evicted: at expiry (expired) or to stay within PromptConsole:Cache:LocalMaxBytes (room).", ["reason"]);
        var expired = evictions.WithLabels("expired");
        var room = evictions.WithLabels("room");
        registry.AddBeforeCollectCallback(() =>
        {
            entries.Set(local.EntryCount);
            expired.IncTo(local.Expired);
            room.IncTo(local.EvictedForRoom);
        });
    }
}
