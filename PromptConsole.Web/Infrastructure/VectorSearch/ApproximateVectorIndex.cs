namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// An HNSW graph (USearch, native, SIMD distances) for partitions too large to scan: a search visits a few hundred
/// vectors instead of all of them, and may miss a true neighbour (recall is measured in the tests and the bench).
/// USearch keys are numbers, so ids map to keys here; a replaced vector gets a new key (the old node is removed),
/// because re-adding a removed key is not something the graph promises to handle.
/// <para>
/// Searches run concurrently under a read lock and do not wait for an add: inserting a node (1–3 ms at 100k entries,
/// itself a search of the graph) runs under the read lock too, beside the searches, which USearch supports (one
/// writer at a time, see <see cref="ApproximateIndexSettings"/> for why only one). Only what must not overlap a search
/// takes the write lock, each for microseconds: growing the graph (it reallocates, and doubles, so rarely), removing
/// a node and publishing the id of an added one. Until it is published a new node is skipped by searches, so an add
/// is seen whole or not at all. USearch keeps one search context per hardware thread (it reserves
/// <c>std::thread::hardware_concurrency()</c> of them, never fewer than <see cref="Environment.ProcessorCount"/>) and fails
/// a call that finds none free ("Reserve capacity ahead of searches!"), so native searches and the add together are
/// bounded by a semaphore of that size. A search allocates only its result array.
/// </para>
/// </summary>
public sealed class ApproximateVectorIndex : IVectorIndex, IDisposable
{
    private const int DefaultInitialCapacity = 1_024;

    // Result buffers up to this many entries live on the stack.
    private const int StackResultLimit = 128;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // One writer at a time (concurrent USearch adds have left nodes unreachable); held across an add's three steps.
    private readonly Lock _writeGate = new();
    private readonly SemaphoreSlim _searchSlots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly UsearchGraph _graph;
    private readonly Dictionary<string, ulong> _keyById = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, string> _idByKey = [];
    private ulong _nextKey = 1;
    private bool _disposed;

    public ApproximateVectorIndex(int dimensions, ApproximateIndexSettings? settings = null, int initialCapacity = DefaultInitialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Settings = settings ?? new ApproximateIndexSettings();
        Dimensions = dimensions;
        _graph = new UsearchGraph(dimensions, Settings, initialCapacity);
    }

    /// <summary>The settings the index was made with, except that the search expansion is the current one.</summary>
    public ApproximateIndexSettings Settings { get; private set; }

    public int Dimensions { get; }

    /// <summary>Vectors the native graph has room for before it next grows (it doubles).</summary>
    public int Capacity
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _graph.Capacity;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// The candidate list a search keeps (USearch's <c>ef</c>): larger finds more true neighbours and costs more, about
    /// in proportion. Changing it takes the write lock and applies to later searches; the graph is not rebuilt.
    /// </summary>
    public int ExpansionSearch
    {
        get => Settings.ExpansionSearch;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _lock.EnterWriteLock();
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _graph.ChangeExpansionSearch(value);
                Settings = Settings with { ExpansionSearch = value };
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }

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
        lock (_writeGate)
        {
            MakeRoomFor(1);
            var key = _nextKey++;
            AddBesideSearches(key, vector.Span);
            Publish([(id, key)]);
        }
    }

    /// <summary>
    /// Adds many vectors (building the index from a flat one): room for all of them is made once, then they are added
    /// one after another beside any searches, and their ids are published together. When an id appears twice the
    /// later vector wins.
    /// </summary>
    public void UpsertMany(IEnumerable<(string Id, float[] Vector)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var latest = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (id, vector) in entries)
        {
            ArgumentNullException.ThrowIfNull(id);
            VectorArguments.RequireLength(vector, Dimensions);
            latest[id] = vector;
        }

        lock (_writeGate)
        {
            MakeRoomFor(latest.Count);
            var added = new (string Id, ulong Key)[latest.Count];
            var i = 0;
            foreach (var (id, vector) in latest)
            {
                var key = _nextKey++;
                AddBesideSearches(key, vector);
                added[i++] = (id, key);
            }

            Publish(added);
        }
    }

    /// <summary>Test hook: runs inside an add, while the native insert holds the read lock (a search must still get through).</summary>
    internal Action? WhileAdding { get; set; }

    // Under the write gate. Growing reallocates the graph's tables, so no search may run meanwhile; it doubles, so the
    // write lock is taken for it rarely. Replaced nodes are removed only when their successors are published, so they
    // still count here.
    private void MakeRoomFor(int additional)
    {
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_graph.HasRoomFor(additional))
            {
                return;
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _graph.EnsureRoomFor(additional);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    // Under the write gate: the native insert, beside searches, in one of the native contexts.
    private void AddBesideSearches(ulong key, ReadOnlySpan<float> vector)
    {
        _searchSlots.Wait();
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            WhileAdding?.Invoke();
            _graph.Add(key, vector);
        }
        finally
        {
            _lock.ExitReadLock();
            _searchSlots.Release();
        }
    }

    // Under the write gate: replaced nodes go and the new keys become findable, at once for every search.
    private void Publish(IReadOnlyList<(string Id, ulong Key)> added)
    {
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var (id, key) in added)
            {
                RemoveNode(id);
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
        lock (_writeGate)
        {
            _lock.EnterWriteLock();
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return RemoveNode(id);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }

    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int count, float minimumSimilarity)
    {
        VectorArguments.RequireLength(query, Dimensions);
        if (count <= 0)
        {
            return [];
        }

        Span<ulong> keys = count <= StackResultLimit ? stackalloc ulong[count] : new ulong[count];
        Span<float> distances = count <= StackResultLimit ? stackalloc float[count] : new float[count];
        _searchSlots.Wait();
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keyById.Count == 0)
            {
                return [];
            }

            var found = _graph.Search(query, keys, distances);

            // Cosine distance is 1 − cosine; results come nearest first, so the first one under the minimum ends them.
            var above = 0;
            while (above < found && 1f - distances[above] >= minimumSimilarity)
            {
                above++;
            }

            if (above == 0)
            {
                return [];
            }

            var matches = new VectorMatch[above];
            var kept = 0;
            for (var i = 0; i < above; i++)
            {
                if (_idByKey.TryGetValue(keys[i], out var id))
                {
                    matches[kept++] = new VectorMatch(id, 1f - distances[i]);
                }
            }

            return kept == above ? matches : matches[..kept];
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

    // Under the write gate and the write lock.
    private bool RemoveNode(string id)
    {
        if (!_keyById.Remove(id, out var key))
        {
            return false;
        }

        _graph.Remove(key);
        _idByKey.Remove(key);
        return true;
    }
}
