using System.Numerics.Tensors;

namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// Exact search: every stored vector is compared with the query (SIMD dot products through
/// <see cref="TensorPrimitives"/>) in one contiguous array, row after row, so the scan streams through memory.
/// Removal moves the last row into the hole (swap-remove) so the rows stay dense. Readers share a
/// reader/writer lock; writers hold it only to copy one row, so a search never waits longer than that
/// (or than an occasional doubling of the array).
/// </summary>
public sealed class FlatVectorIndex : IVectorIndex
{
    private const int InitialCapacity = 64;

    // Never disposed: a tiered index drops a flat one while searches may still hold it.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _rowById = new(StringComparer.Ordinal);
    private float[] _vectors;
    private string[] _ids;
    private int _count;

    public FlatVectorIndex(int dimensions, int initialCapacity = InitialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
        var capacity = Math.Max(1, initialCapacity);
        _vectors = new float[capacity * dimensions];
        _ids = new string[capacity];
    }

    public int Dimensions { get; }

    public int Count => Volatile.Read(ref _count);

    public void Upsert(string id, ReadOnlyMemory<float> vector)
    {
        ArgumentNullException.ThrowIfNull(id);
        VectorArguments.RequireLength(vector.Span, Dimensions);
        _lock.EnterWriteLock();
        try
        {
            if (!_rowById.TryGetValue(id, out var row))
            {
                row = _count;
                if (row == _ids.Length)
                {
                    Grow();
                }

                _ids[row] = id;
                _rowById[id] = row;
                Volatile.Write(ref _count, row + 1);
            }

            vector.Span.CopyTo(_vectors.AsSpan(row * Dimensions, Dimensions));
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
            if (!_rowById.Remove(id, out var row))
            {
                return false;
            }

            var last = _count - 1;
            if (row != last)
            {
                _vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(row * Dimensions, Dimensions));
                _ids[row] = _ids[last];
                _rowById[_ids[row]] = row;
            }

            _ids[last] = null!;
            Volatile.Write(ref _count, last);
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

        var best = new TopMatches(count);
        _lock.EnterReadLock();
        try
        {
            var vectors = _vectors.AsSpan(0, _count * Dimensions);
            for (int row = 0, offset = 0; row < _count; row++, offset += Dimensions)
            {
                var similarity = TensorPrimitives.Dot(query, vectors.Slice(offset, Dimensions));
                if (similarity >= minimumSimilarity)
                {
                    best.Offer(row, similarity);
                }
            }

            return best.ToMatches(_ids);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>A copy of every stored vector (for moving them into another index).</summary>
    internal IReadOnlyList<(string Id, float[] Vector)> Snapshot()
    {
        _lock.EnterReadLock();
        try
        {
            var entries = new (string, float[])[_count];
            for (var row = 0; row < _count; row++)
            {
                entries[row] = (_ids[row], _vectors.AsSpan(row * Dimensions, Dimensions).ToArray());
            }

            return entries;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Grow()
    {
        var capacity = _ids.Length * 2;
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _vectors, capacity * Dimensions);
    }
}
