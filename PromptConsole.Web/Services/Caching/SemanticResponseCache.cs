using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Caching;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Infrastructure.VectorSearch;
using StackExchange.Redis;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// What a lookup or a store knows of one request: its partition (prompt, version, model settings, tenant and the exact
/// variables' values, hashed), the version's resolved policies, the semantic variable the index is searched on, and
/// each semantic variable's embedding and guards.
/// </summary>
public sealed record SemanticQuery(
    string PromptKey,
    int Version,
    string Partition,
    IReadOnlyList<VariableCachePolicy> Policies,
    string SearchVariable,
    IReadOnlyDictionary<string, float[]> Embeddings,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Guards);

/// <summary>The best stored entry for a query and the decision on it.</summary>
public sealed record SemanticCandidate(SemanticCacheEntry Entry, SemanticMatchVerdict Verdict);

/// <summary>
/// The semantic cache's store. In process: one <see cref="IVectorIndex"/> per partition over one semantic variable's
/// embeddings; a search's nearest entries are then verified on the other semantic variables and the guards from the
/// stored data (<see cref="SemanticMatch"/>). Bounded by TTL, by entries per prompt and by a total byte budget, the
/// oldest going first. With Redis: every entry is written with its TTL and announced over pub/sub so the other
/// instances index it too; an instance loads a prompt's entries from Redis on its first use of the prompt (and again
/// after a reconnection, having dropped what it held, since announcements and purges sent meanwhile were missed).
/// Purges remove the entries here, in Redis, and on every instance. Redis being away never fails a request.
/// </summary>
public sealed partial class SemanticResponseCache(
    IVectorIndexFactory indexes,
    RedisConnection redis,
    IOptions<SemanticCacheOptions> options,
    SemanticCacheStatistics statistics,
    PromptConsoleMetrics metrics,
    TimeProvider time,
    ILogger<SemanticResponseCache> logger) : IHostedService
{
    private const char Separator = '|';

    /// <summary>The most entry ids a prompt's index in Redis keeps (the oldest go; their entries expire with their TTL).</summary>
    private const int MaxSharedEntries = SemanticCacheSettings.MaxMaxEntries;

    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedListNode<SemanticCacheEntry>> _nodes = new(StringComparer.Ordinal);
    private readonly LinkedList<SemanticCacheEntry> _oldestFirst = new();
    private readonly Dictionary<string, PromptEntries> _prompts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _loaded = new(StringComparer.Ordinal);
    private long _totalBytes;
    private RedisChannel _channel;
    private ISubscriber? _subscriber;
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>Entries held in this process.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _nodes.Count;
        }
    }

    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    /// <summary>Entries announced by other instances and added here since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _received;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await redis.GetAsync(cancellationToken) is not { } multiplexer)
            return;
        _multiplexer = multiplexer;
        _channel = RedisChannel.Literal(options.Value.Channel);
        var subscriber = multiplexer.GetSubscriber();
        multiplexer.ConnectionRestored += OnConnectionRestored;
        try
        {
            await subscriber.SubscribeAsync(_channel, OnMessage);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogRedisFailed(exception, "subscribe");
        }

        _subscriber = subscriber;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscriber = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The best entry of the query's partition: a hit (every semantic variable at its threshold, guards equal) if
    /// there is one, else the closest would-be hit at <paramref name="floor"/>, else null.
    /// </summary>
    public async ValueTask<SemanticCandidate?> FindAsync(SemanticQuery query, SemanticCacheSettings settings, double floor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(settings);
        await EnsureLoadedAsync(query.PromptKey, settings.MaxEntries, cancellationToken);
        if (!_partitions.TryGetValue(query.Partition, out var partition))
            return null;

        var now = time.GetUtcNow();
        var matches = partition.Index.Search(query.Embeddings[query.SearchVariable], Math.Max(1, options.Value.SearchCandidates), (float)Math.Min(floor, MinimumThreshold(query)));
        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new SemanticCacheSample(empty, query.Guards);
        SemanticCandidate? best = null;
        foreach (var match in matches)
        {
            if (!partition.Entries.TryGetValue(match.Id, out var entry))
                continue;
            if (entry.ExpiresAt <= now)
            {
                Remove(entry.Id, SemanticEvictionReason.Ttl);
                continue;
            }

            // Exact variables are equal by construction (they are in the partition), so only the semantic ones are compared.
            var verdict = SemanticMatch.Decide(
                query.Policies,
                request,
                new SemanticCacheSample(empty, entry.Guards),
                name => name == query.SearchVariable ? match.Similarity : Similarity(query.Embeddings, entry.Embeddings, name),
                floor);
            if (!verdict.IsHit && !verdict.IsCandidate)
                continue;
            if (best is null || Better(verdict, best.Verdict))
                best = new SemanticCandidate(entry, verdict);
        }

        return best;
    }

    /// <summary>Adds an answer here and, through Redis, on every instance (the Redis part runs in the background).</summary>
    public SemanticCacheEntry Store(SemanticQuery query, CachedAnswer answer, SemanticCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(settings);
        var now = time.GetUtcNow();
        var entry = new SemanticCacheEntry(
            SemanticCacheEntry.NewId(query.Version, Guid.CreateVersion7(now)),
            query.PromptKey,
            query.Version,
            query.Partition,
            query.Embeddings,
            query.Guards,
            answer,
            now,
            now + settings.Ttl);
        Add(entry, settings.MaxEntries);
        statistics.Stored(query.PromptKey);
        _ = ShareAsync(entry, settings.Ttl);
        return entry;
    }

    /// <summary>Drops a prompt's entries (or one version's) here, in Redis and on every instance; how many were held here.</summary>
    public async Task<int> PurgeAsync(string promptKey, int? version, CancellationToken cancellationToken)
    {
        var removed = PurgeLocal(promptKey, version);
        if (_multiplexer is { } multiplexer && _subscriber is { } subscriber)
        {
            try
            {
                var db = multiplexer.GetDatabase();
                var setKey = PromptSetKey(promptKey);
                var ids = await db.SortedSetRangeByRankAsync(setKey);
                var chosen = ids.Select(i => (string)i!).Where(i => version is not { } v || SemanticCacheEntry.IsOfVersion(i, v)).ToArray();
                if (chosen.Length > 0)
                {
                    await db.KeyDeleteAsync(chosen.Select(i => (RedisKey)EntryKey(promptKey, i)).ToArray());
                    await db.SortedSetRemoveAsync(setKey, chosen.Select(i => (RedisValue)i).ToArray());
                }

                await subscriber.PublishAsync(_channel, Message("p", promptKey, version?.ToString(CultureInfo.InvariantCulture) ?? string.Empty));
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // The entries in Redis expire with their TTL; other instances drop theirs when they next reconnect or reload.
                LogRedisFailed(exception, "purge");
            }
        }

        return removed;
    }

    /// <summary>This process's entries and bytes for one prompt.</summary>
    public (long Entries, long Bytes) SizeOf(string promptKey)
    {
        lock (_gate)
            return _prompts.TryGetValue(promptKey, out var entries) ? (entries.Ids.Count, entries.Bytes) : (0, 0);
    }

    /// <summary>Drops expired entries; the background sweep calls it, lookups also skip (and drop) expired ones.</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow();
        List<string> expired;
        lock (_gate)
            expired = _nodes.Values.Where(n => n.Value.ExpiresAt <= now).Select(n => n.Value.Id).ToList();
        foreach (var id in expired)
            Remove(id, SemanticEvictionReason.Ttl);
        return expired.Count;
    }

    private static double MinimumThreshold(SemanticQuery query)
    {
        var lowest = 1.0;
        foreach (var policy in query.Policies)
        {
            if (policy.Policy == Domain.Prompts.CachePolicy.Semantic && policy.Threshold < lowest)
                lowest = policy.Threshold;
        }

        return lowest;
    }

    private static bool Better(SemanticMatchVerdict candidate, SemanticMatchVerdict current) =>
        candidate.IsHit != current.IsHit ? candidate.IsHit : candidate.Similarity > current.Similarity;

    private static double Similarity(IReadOnlyDictionary<string, float[]> query, IReadOnlyDictionary<string, float[]> stored, string name) =>
        query.TryGetValue(name, out var a) && stored.TryGetValue(name, out var b) && a.Length == b.Length ? TensorPrimitives.Dot(a, b) : 0;

    private void Add(SemanticCacheEntry entry, int maxEntries)
    {
        var evicted = new List<(SemanticCacheEntry Entry, string Reason)>();
        lock (_gate)
        {
            if (_nodes.ContainsKey(entry.Id))
                return;
            var dimensions = entry.Embeddings.Values.FirstOrDefault()?.Length ?? 0;
            var search = SearchVariableOf(entry);
            if (search is null || dimensions == 0)
                return;
            var partition = _partitions.GetOrAdd(entry.Partition, _ => new Partition(entry.PromptKey, search, indexes.Create(dimensions)));
            if (partition.SearchVariable != search || partition.Index.Dimensions != dimensions)
                return;
            partition.Entries[entry.Id] = entry;
            partition.Index.Upsert(entry.Id, entry.Embeddings[search]);
            _nodes[entry.Id] = _oldestFirst.AddLast(entry);
            if (!_prompts.TryGetValue(entry.PromptKey, out var prompt))
                _prompts[entry.PromptKey] = prompt = new PromptEntries();
            prompt.Ids.AddLast(entry.Id);
            prompt.MaxEntries = maxEntries;
            var bytes = entry.Bytes;
            prompt.Bytes += bytes;
            _totalBytes += bytes;

            // Oldest first: this prompt's over its own limit, then anyone's over the process's budget.
            while (prompt.Ids.Count > prompt.MaxEntries && prompt.Ids.First is { } oldest)
                evicted.Add((RemoveLocked(oldest.Value)!, SemanticEvictionReason.MaxEntries));
            while (_totalBytes > options.Value.MaxTotalBytes && _oldestFirst.First is { } first)
                evicted.Add((RemoveLocked(first.Value.Id)!, SemanticEvictionReason.Bytes));
        }

        foreach (var (gone, reason) in evicted)
            CountEviction(gone.PromptKey, reason);
    }

    private void Remove(string id, string? reason)
    {
        SemanticCacheEntry? removed;
        lock (_gate)
            removed = RemoveLocked(id);
        if (removed is not null && reason is not null)
            CountEviction(removed.PromptKey, reason);
    }

    private SemanticCacheEntry? RemoveLocked(string id)
    {
        if (!_nodes.Remove(id, out var node))
            return null;
        var entry = node.Value;
        _oldestFirst.Remove(node);
        if (_partitions.TryGetValue(entry.Partition, out var partition))
        {
            partition.Entries.TryRemove(entry.Id, out _);
            partition.Index.Remove(entry.Id);
            if (partition.Entries.IsEmpty)
                _partitions.TryRemove(entry.Partition, out _);
        }

        if (_prompts.TryGetValue(entry.PromptKey, out var prompt))
        {
            prompt.Ids.Remove(entry.Id);
            prompt.Bytes -= entry.Bytes;
            if (prompt.Ids.Count == 0)
                _prompts.Remove(entry.PromptKey);
        }

        _totalBytes -= entry.Bytes;
        return entry;
    }

    private int PurgeLocal(string promptKey, int? version)
    {
        var removed = 0;
        lock (_gate)
        {
            if (_prompts.TryGetValue(promptKey, out var prompt))
            {
                foreach (var id in prompt.Ids.ToArray())
                {
                    if (version is { } v && !SemanticCacheEntry.IsOfVersion(id, v))
                        continue;
                    if (RemoveLocked(id) is not null)
                        removed++;
                }
            }
        }

        if (removed > 0)
            statistics.Purged(promptKey, removed);
        return removed;
    }

    private void CountEviction(string promptKey, string reason)
    {
        statistics.Evicted(promptKey, reason);
        metrics.RecordSemanticEviction(promptKey, reason);
    }

    /// <summary>The semantic variable an entry is indexed on: the first, by name, that has an embedding.</summary>
    private static string? SearchVariableOf(SemanticCacheEntry entry) =>
        entry.Embeddings.Keys.Order(StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The first use of a prompt (after start or a reconnection) loads what the other instances stored.</summary>
    private Task EnsureLoadedAsync(string promptKey, int maxEntries, CancellationToken cancellationToken)
    {
        if (_multiplexer is null)
            return Task.CompletedTask;
        var load = _loaded.GetOrAdd(promptKey, key => new Lazy<Task>(() => LoadAsync(key, maxEntries)));
        return load.Value.IsCompleted ? Task.CompletedTask : load.Value.WaitAsync(cancellationToken);
    }

    private async Task LoadAsync(string promptKey, int maxEntries)
    {
        if (_multiplexer is not { IsConnected: true } multiplexer)
        {
            // Nothing to load from yet: the next use tries again.
            _loaded.TryRemove(promptKey, out _);
            return;
        }

        try
        {
            var db = multiplexer.GetDatabase();
            var setKey = PromptSetKey(promptKey);
            var ids = await db.SortedSetRangeByRankAsync(setKey, -maxEntries, -1);
            if (ids.Length == 0)
                return;
            var values = await db.StringGetAsync(ids.Select(i => (RedisKey)EntryKey(promptKey, (string)i!)).ToArray());
            var now = time.GetUtcNow();
            var gone = new List<RedisValue>();
            for (var i = 0; i < ids.Length; i++)
            {
                if (Parse(values[i]) is { } entry && entry.ExpiresAt > now)
                    Add(entry, maxEntries);
                else
                    gone.Add(ids[i]);
            }

            if (gone.Count > 0)
                await db.SortedSetRemoveAsync(setKey, gone.ToArray());
            LogLoaded(promptKey, ids.Length - gone.Count);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _loaded.TryRemove(promptKey, out _);
            LogRedisFailed(exception, "load");
        }
    }

    private async Task ShareAsync(SemanticCacheEntry entry, TimeSpan ttl)
    {
        if (_multiplexer is not { IsConnected: true } multiplexer || _subscriber is not { } subscriber)
            return;
        try
        {
            var db = multiplexer.GetDatabase();
            var json = JsonSerializer.SerializeToUtf8Bytes(entry, SemanticCacheEntryJsonContext.Default.SemanticCacheEntry);
            await db.StringSetAsync(EntryKey(entry.PromptKey, entry.Id), json, ttl);
            var setKey = PromptSetKey(entry.PromptKey);
            await db.SortedSetAddAsync(setKey, entry.Id, entry.StoredAt.ToUnixTimeMilliseconds());
            await subscriber.PublishAsync(_channel, Message("a", entry.PromptKey, entry.Id));

            // The index of a prompt's entries lives as long as its newest entry; ids whose entry expired are dropped on load.
            await db.KeyExpireAsync(setKey, ttl);
            var overLimit = await db.SortedSetLengthAsync(setKey) - MaxSharedEntries;
            if (overLimit > 0)
                await db.SortedSetRemoveRangeByRankAsync(setKey, 0, overLimit - 1);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogRedisFailed(exception, "store");
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        var parts = ((string?)message)?.Split(Separator, 4);
        if (parts is not { Length: 4 } || parts[0] == _instanceId)
            return;
        var (kind, promptKey, argument) = (parts[1], parts[2], parts[3]);
        if (kind == "p")
        {
            PurgeLocal(promptKey, int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null);
            return;
        }

        // An entry of a prompt this instance has not used yet is loaded with the rest on first use.
        if (kind == "a" && _loaded.ContainsKey(promptKey))
            _ = FetchAsync(promptKey, argument);
    }

    private async Task FetchAsync(string promptKey, string id)
    {
        if (_multiplexer is not { } multiplexer)
            return;
        try
        {
            var value = await multiplexer.GetDatabase().StringGetAsync(EntryKey(promptKey, id));
            if (Parse(value) is { } entry && entry.ExpiresAt > time.GetUtcNow())
            {
                int maxEntries;
                lock (_gate)
                    maxEntries = _prompts.TryGetValue(promptKey, out var prompt) ? prompt.MaxEntries : SemanticCacheSettings.DefaultMaxEntries;
                Add(entry, maxEntries);
                Interlocked.Increment(ref _received);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogRedisFailed(exception, "fetch");
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
            return;
        // Purges and announcements published meanwhile were missed: start again from what Redis holds.
        lock (_gate)
        {
            foreach (var id in _nodes.Keys.ToArray())
                RemoveLocked(id);
        }

        _loaded.Clear();
        LogResynchronised();
    }

    private SemanticCacheEntry? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty)
            return null;
        try
        {
            return JsonSerializer.Deserialize((byte[])value!, SemanticCacheEntryJsonContext.Default.SemanticCacheEntry);
        }
        catch (JsonException exception)
        {
            LogUnreadable(exception);
            return null;
        }
    }

    private string Message(string kind, string promptKey, string argument) =>
        string.Join(Separator, _instanceId, kind, promptKey, argument);

    private string PromptSetKey(string promptKey) => options.Value.RedisPrefix + "p:" + promptKey;

    private string EntryKey(string promptKey, string id) => options.Value.RedisPrefix + "e:" + promptKey + ":" + id;

    private sealed class Partition(string promptKey, string searchVariable, IVectorIndex index)
    {
        public string PromptKey { get; } = promptKey;

        public string SearchVariable { get; } = searchVariable;

        public IVectorIndex Index { get; } = index;

        public ConcurrentDictionary<string, SemanticCacheEntry> Entries { get; } = new(StringComparer.Ordinal);
    }

    private sealed class PromptEntries
    {
        public LinkedList<string> Ids { get; } = new();

        public long Bytes { get; set; }

        public int MaxEntries { get; set; } = SemanticCacheSettings.DefaultMaxEntries;
    }

    [LoggerMessage(EventId = 1320, Level = LogLevel.Warning, Message = "The semantic cache's Redis {Operation} failed; this instance keeps working from its own entries")]
    private partial void LogRedisFailed(Exception exception, string operation);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Debug, Message = "Loaded {Count} semantic cache entries of {PromptKey} from Redis")]
    private partial void LogLoaded(string promptKey, int count);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Information, Message = "Redis subscription restored; the semantic cache starts again from the entries in Redis")]
    private partial void LogResynchronised();

    [LoggerMessage(EventId = 1323, Level = LogLevel.Warning, Message = "A semantic cache entry in Redis could not be read; it is skipped")]
    private partial void LogUnreadable(Exception exception);
}
