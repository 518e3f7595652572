using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// Usage by tenant in the open bucket of each rollup tier, written as this instance's
/// <see cref="TenantRollupRow"/>s and read back merged across instances — the tenant dimension of
/// the metrics store, kept apart from the series rollups because it is counted on another axis
/// (a tenant's executions span prompts). The same write rules as the series rollups hold: a bucket
/// is rewritten while open, a row stored under this instance id by an earlier life is added in
/// once, and closed buckets are forgotten once written. Past <c>maxTenantsPerBucket</c> tenants in
/// one bucket, further ones are counted under <see cref="TenantUsage.OtherTenants"/>.
/// </summary>
public sealed class TenantRollups(string instanceId, IReadOnlyList<RollupTier> tiers, int maxTenantsPerBucket)
{
    private readonly Dictionary<(RollupTier Tier, string Tenant, DateTimeOffset Start), OpenBucket> _open = [];
    private readonly Dictionary<(RollupTier Tier, DateTimeOffset Start), int> _tenantsPerBucket = [];
    private readonly Lock _gate = new();

    public void Count(ExecutionObservation observation, DateTimeOffset at)
    {
        var tenant = observation.Tenant is { Length: > 0 } named ? named : string.Empty;
        lock (_gate)
        {
            foreach (var tier in tiers)
            {
                var start = tier.BucketStart(at);
                if (!_open.TryGetValue((tier, tenant, start), out var bucket))
                {
                    var held = _tenantsPerBucket.GetValueOrDefault((tier, start));
                    var key = held >= maxTenantsPerBucket ? (tier, TenantUsage.OtherTenants, start) : (tier, tenant, start);
                    if (!_open.TryGetValue(key, out bucket))
                    {
                        bucket = new OpenBucket();
                        _open.Add(key, bucket);
                        _tenantsPerBucket[(tier, start)] = held + 1;
                    }
                }

                bucket.Usage = bucket.Usage.Plus(observation);
                bucket.Dirty = true;
            }
        }
    }

    /// <summary>Adds this instance's changed buckets to <paramref name="db"/> (saved by the caller); returns how many and a callback to run if saving fails.</summary>
    public async Task<(int Rows, Action OnFailure)> StageAsync(PromptConsoleDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = new List<((RollupTier Tier, string Tenant, DateTimeOffset Start) Key, TenantUsage Usage, OpenBucket Bucket)>();
        lock (_gate)
        {
            foreach (var (key, bucket) in _open.ToArray())
            {
                if (bucket.Dirty)
                {
                    pending.Add((key, bucket.Usage, bucket));
                    bucket.Dirty = false;
                }
                else if (key.Start + key.Tier.Resolution <= now)
                {
                    _open.Remove(key);
                    if (_tenantsPerBucket.TryGetValue((key.Tier, key.Start), out var count))
                    {
                        if (count <= 1)
                            _tenantsPerBucket.Remove((key.Tier, key.Start));
                        else
                            _tenantsPerBucket[(key.Tier, key.Start)] = count - 1;
                    }
                }
            }
        }

        void OnFailure()
        {
            lock (_gate)
            {
                foreach (var entry in pending)
                    entry.Bucket.Dirty = true;
            }
        }

        if (pending.Count == 0)
            return (0, OnFailure);

        foreach (var tierBuckets in pending.GroupBy(p => p.Key.Tier))
        {
            var tier = tierBuckets.Key;
            var earliest = tierBuckets.Min(b => b.Key.Start);
            var existing = (await db.TenantRollups
                    .Where(r => r.InstanceId == instanceId && r.Tier == tier.Name && r.BucketStart >= earliest)
                    .ToListAsync(cancellationToken))
                .ToDictionary(r => (r.Tenant, r.BucketStart.UtcTicks));
            foreach (var (key, usage, bucket) in tierBuckets)
            {
                var found = existing.TryGetValue((key.Tenant, key.Start.UtcTicks), out var row);
                var total = Adopt(bucket, usage, found ? row : null);
                if (!found)
                {
                    row = new TenantRollupRow { InstanceId = instanceId, Tier = tier.Name, BucketStart = key.Start, Tenant = key.Tenant };
                    db.TenantRollups.Add(row);
                }

                row!.Executions = total.Executions;
                row.Errors = total.Errors;
                row.InputTokens = total.InputTokens;
                row.OutputTokens = total.OutputTokens;
                row.CostUsd = total.CostUsd;
                row.UpdatedAt = now;
            }
        }

        return (pending.Count, OnFailure);
    }

    /// <summary>The first write of a bucket adds in a row an earlier life of this instance id stored, once.</summary>
    private TenantUsage Adopt(OpenBucket bucket, TenantUsage usage, TenantRollupRow? stored)
    {
        lock (_gate)
        {
            if (bucket.Adopted)
                return usage;
            bucket.Adopted = true;
            if (stored is null)
                return usage;
            var earlier = new TenantUsage(stored.Executions, stored.Errors, stored.InputTokens, stored.OutputTokens, stored.CostUsd);
            bucket.Usage = bucket.Usage.Plus(earlier);
            return usage.Plus(earlier);
        }
    }

    /// <summary>
    /// Usage by tenant (reporting names: <see cref="TenantUsage.NoTenant"/> for none) over the buckets of
    /// <paramref name="tier"/> from <paramref name="from"/> on: every instance's rows, with this instance's
    /// buckets still in memory taken from memory.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TenantUsage>> ReadAsync(
        IDbContextFactory<PromptConsoleDbContext> dbFactory, RollupTier tier, DateTimeOffset from, CancellationToken cancellationToken)
    {
        // Memory first (as the series rollups do): a bucket written between the two reads is then not counted twice.
        var inMemory = Snapshot(tier, from);
        List<TenantRollupRow> rows;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            rows = await db.TenantRollups.AsNoTracking()
                .Where(r => r.Tier == tier.Name && r.BucketStart >= from)
                .ToListAsync(cancellationToken);
        }

        // Buckets that adopted their stored row hold the sum in memory, so that row is skipped.
        HashSet<(string Tenant, long Start)> adopted;
        lock (_gate)
        {
            adopted = _open
                .Where(e => e.Key.Tier == tier && e.Key.Start >= from && e.Value.Adopted)
                .Select(e => (e.Key.Tenant, e.Key.Start.UtcTicks))
                .ToHashSet();
            foreach (var entry in _open.Where(e => e.Key.Tier == tier && e.Key.Start >= from && e.Value.Adopted))
                inMemory[(entry.Key.Tenant, entry.Key.Start.UtcTicks)] = entry.Value.Usage;
        }

        var byTenant = new Dictionary<string, TenantUsage>(StringComparer.Ordinal);
        void Add(string tenant, TenantUsage usage) =>
            byTenant[TenantUsage.NameOf(tenant)] = byTenant.GetValueOrDefault(TenantUsage.NameOf(tenant), TenantUsage.None).Plus(usage);

        foreach (var row in rows)
        {
            var start = new DateTimeOffset(row.BucketStart.UtcTicks, TimeSpan.Zero);
            if (row.InstanceId == instanceId && adopted.Contains((row.Tenant, start.UtcTicks)))
                continue;
            if (tier.IsAligned(start))
                Add(row.Tenant, new TenantUsage(row.Executions, row.Errors, row.InputTokens, row.OutputTokens, row.CostUsd));
        }

        foreach (var ((tenant, _), usage) in inMemory)
            Add(tenant, usage);
        return byTenant;
    }

    private Dictionary<(string Tenant, long Start), TenantUsage> Snapshot(RollupTier tier, DateTimeOffset from)
    {
        lock (_gate)
        {
            return _open
                .Where(e => e.Key.Tier == tier && e.Key.Start >= from)
                .ToDictionary(e => (e.Key.Tenant, e.Key.Start.UtcTicks), e => e.Value.Usage);
        }
    }

    /// <summary>Deletes every instance's tenant rollups past their tier's retention.</summary>
    public async Task<int> PruneAsync(PromptConsoleDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var tier in tiers)
        {
            var lastExpiredStart = now - tier.Retention - tier.Resolution;
            deleted += await db.TenantRollups
                .Where(r => r.Tier == tier.Name && r.BucketStart <= lastExpiredStart)
                .ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }

    private sealed class OpenBucket
    {
        public TenantUsage Usage { get; set; } = TenantUsage.None;

        public bool Dirty { get; set; }

        public bool Adopted { get; set; }
    }
}
