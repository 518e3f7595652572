using Cloud.Unum.USearch;

namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// An HNSW graph (USearch, native, SIMD distances) for partitions too large to scan: a search visits a few hundred
/// vectors instead of all of them, and may miss a true neighbour (recall is measured in the tests and the bench).
/// USearch keys are numbers, so ids map to keys here; a replaced vector gets a new key (the old node is removed),
/// because re-adding a removed key is not something the graph promises to handle. Searches run concurrently
/// under a read lock; writes take the write lock. USearch keeps one search context per hardware thread (it reserves
/// <c>std::thread::hardware_concurrency()</c> of them, never fewer than <see cref="Environment.ProcessorCount"/>) and fails
/// a search that finds none free ("Reserve capacity ahead of searches!"), so concurrent searches are bounded by a
/// semaphore of that size.
/// </summary>
public sealed class ApproximateVectorIndex : IVectorIndex, IDisposable
{
    [ThreadStatic]
    private static float[]? s_query;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _searchSlots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly USearchIndex _graph;
    private readonly Dictionary<string, ulong> _keyById = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, string> _idByKey = [];
    private ulong _nextKey = 1;
    private bool _disposed;

    public ApproximateVectorIndex(int dimensions, ApproximateIndexSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Settings = settings ?? new ApproximateIndexSettings();
        Dimensions = dimensions;
        _graph = new USearchIndex(
            MetricKind.Cos,
            ScalarKind.Float32,
            (ulong)dimensions,
            (ulong)Settings.Connectivity,
            (ulong)Settings.ExpansionAdd,
            (ulong)Settings.ExpansionSearch,
            multi: false);
    }

    public ApproximateIndexSettings Settings { get; }

    public int Dimensions { get; }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _keyById.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Upsert(string id, ReadOnlyMemory<float> vector)
    {
        ArgumentNullException.ThrowIfNull(id);
        VectorArguments.RequireLength(vector.Span, Dimensions);
        var copy = vector.ToArray();
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keyById.Remove(id, out var oldKey))
            {
                _graph.Remove(oldKey);
                _idByKey.Remove(oldKey);
            }

            var key = _nextKey++;
            _graph.Add(key, copy);
            _keyById[id] = key;
            _idByKey[key] = id;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Adds many vectors under one write lock (building the index from a flat one).</summary>
    public void UpsertMany(IEnumerable<(string Id, float[] Vector)> entries)
    {
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var (id, vector) in entries)
            {
                VectorArguments.RequireLength(vector, Dimensions);
                if (_keyById.Remove(id, out var oldKey))
                {
                    _graph.Remove(oldKey);
                    _idByKey.Remove(oldKey);
                }

                var key = _nextKey++;
                _graph.Add(key, vector);
                _keyById[id] = key;
                _idByKey[key] = id;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_keyById.Remove(id, out var key))
            {
                return false;
            }

            _graph.Remove(key);
            _idByKey.Remove(key);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int count, float minimumSimilarity)
    {
        VectorArguments.RequireLength(query, Dimensions);
        if (count <= 0)
        {
            return [];
        }

        // USearch takes an array of exactly the vector's length; one per thread avoids an allocation per search.
        var buffer = s_query is { } existing && existing.Length == Dimensions ? existing : s_query = new float[Dimensions];
        query.CopyTo(buffer);

        _searchSlots.Wait();
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keyById.Count == 0)
            {
                return [];
            }

            var found = _graph.Search(buffer, count, out ulong[] keys, out float[] distances);
            var matches = new List<VectorMatch>(found);
            for (var i = 0; i < found; i++)
            {
                // Cosine distance is 1 − cosine; results come nearest first, so the first one under the minimum ends it.
                var similarity = 1f - distances[i];
                if (similarity < minimumSimilarity)
                {
                    break;
                }

                if (_idByKey.TryGetValue(keys[i], out var id))
                {
                    matches.Add(new VectorMatch(id, similarity));
                }
            }

            return matches;
        }
        finally
        {
            _lock.ExitReadLock();
            _searchSlots.Release();
        }
    }

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _graph.Dispose();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
