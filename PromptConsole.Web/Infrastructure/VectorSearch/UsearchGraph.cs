using System.Numerics.Tensors;
using Cloud.Unum.USearch;

namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// One native USearch HNSW graph under cosine distance, keyed by numbers: float32 vectors in and out, stored as
/// <see cref="ApproximateIndexSettings.Storage"/> says. For float16 storage vectors and queries are converted here
/// (TensorPrimitives, on the stack) and handed over in float16, so the native side only copies and compares them. Capacity grows
/// geometrically (doubling) ahead of adds: USearch reallocates its node table on every reserve, so growing it one
/// vector at a time — what the package's managed binding does — makes a build of n vectors O(n²) (measured: ~1 ms
/// per vector at 40k, most of it reallocation). Not synchronised: <see cref="ApproximateVectorIndex"/> holds the locks
/// (one add at a time beside searches; growing and removing alone).
/// </summary>
internal sealed unsafe class UsearchGraph : IDisposable
{
    private const int MinimumCapacity = 64;

    // Float16 copies of a vector up to this many components live on the stack.
    private const int StackHalfLimit = 4_096;

    private readonly UsearchIndexHandle _handle;
    private readonly bool _float16;
    private int _capacity;

    public UsearchGraph(int dimensions, ApproximateIndexSettings settings, int initialCapacity)
    {
        _float16 = settings.Storage == GraphVectorStorage.Float16;
        var options = new UsearchNative.InitOptions
        {
            MetricKind = (int)MetricKind.Cos,
            Quantization = _float16 ? UsearchNative.ScalarFloat16 : UsearchNative.ScalarFloat32,
            Dimensions = (nuint)dimensions,
            Connectivity = (nuint)settings.Connectivity,
            ExpansionAdd = (nuint)settings.ExpansionAdd,
            ExpansionSearch = (nuint)settings.ExpansionSearch,
        };
        _handle = UsearchNative.Init(ref options, out var error);
        if (error != 0 || _handle.IsInvalid)
        {
            _handle.Dispose();
            UsearchNative.ThrowIfFailed(error, "init");
            throw new InvalidOperationException("USearch init returned no index.");
        }

        Reserve(Math.Max(MinimumCapacity, initialCapacity));
    }

    /// <summary>Vectors the graph holds (removed ones excluded).</summary>
    public int Size
    {
        get
        {
            var size = UsearchNative.Size(_handle, out var error);
            UsearchNative.ThrowIfFailed(error, "size");
            return (int)size;
        }
    }

    /// <summary>Vectors the graph has room for without reallocating.</summary>
    public int Capacity => _capacity;

    /// <summary>True when <paramref name="additional"/> more vectors fit without growing.</summary>
    public bool HasRoomFor(int additional) => (long)Size + additional <= _capacity;

    /// <summary>Makes room for <paramref name="additional"/> more vectors, at least doubling the capacity when it grows.</summary>
    public void EnsureRoomFor(int additional)
    {
        var needed = (long)Size + additional;
        if (needed > _capacity)
        {
            Reserve((int)Math.Min(int.MaxValue, Math.Max(needed, 2L * _capacity)));
        }
    }

    /// <summary>Adds a vector; room must have been made with <see cref="EnsureRoomFor"/>.</summary>
    public void Add(ulong key, ReadOnlySpan<float> vector)
    {
        if (_float16)
        {
            Span<Half> half = vector.Length <= StackHalfLimit ? stackalloc Half[vector.Length] : new Half[vector.Length];
            TensorPrimitives.ConvertToHalf(vector, half);
            fixed (Half* data = half)
                Add(key, data, UsearchNative.ScalarFloat16);
            return;
        }

        fixed (float* data = vector)
            Add(key, data, UsearchNative.ScalarFloat32);
    }

    private void Add(ulong key, void* vector, int vectorKind)
    {
        UsearchNative.Add(_handle, key, vector, vectorKind, out var error);
        UsearchNative.ThrowIfFailed(error, "add");
    }

    public void Remove(ulong key)
    {
        UsearchNative.Remove(_handle, key, out var error);
        UsearchNative.ThrowIfFailed(error, "remove");
    }

    /// <summary>Fills <paramref name="keys"/> and <paramref name="distances"/> (same length) nearest first; returns how many were found.</summary>
    public int Search(ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        if (_float16)
        {
            Span<Half> half = query.Length <= StackHalfLimit ? stackalloc Half[query.Length] : new Half[query.Length];
            TensorPrimitives.ConvertToHalf(query, half);
            fixed (Half* data = half)
                return Search(data, UsearchNative.ScalarFloat16, keys, distances);
        }

        fixed (float* data = query)
            return Search(data, UsearchNative.ScalarFloat32, keys, distances);
    }

    private int Search(void* query, int queryKind, Span<ulong> keys, Span<float> distances)
    {
        fixed (ulong* foundKeys = keys)
        fixed (float* foundDistances = distances)
        {
            var found = UsearchNative.Search(_handle, query, queryKind, (nuint)keys.Length, foundKeys, foundDistances, out var error);
            UsearchNative.ThrowIfFailed(error, "search");
            return (int)found;
        }
    }

    /// <summary>The candidate list kept while searching; later searches use the new value.</summary>
    public void ChangeExpansionSearch(int expansion)
    {
        UsearchNative.ChangeExpansionSearch(_handle, (nuint)expansion, out var error);
        UsearchNative.ThrowIfFailed(error, "change expansion");
    }

    public void Dispose() => _handle.Dispose();

    private void Reserve(int capacity)
    {
        UsearchNative.Reserve(_handle, (nuint)capacity, out var error);
        UsearchNative.ThrowIfFailed(error, "reserve");
        var reserved = UsearchNative.Capacity(_handle, out error);
        UsearchNative.ThrowIfFailed(error, "capacity");
        _capacity = (int)Math.Min(int.MaxValue, (ulong)reserved);
    }
}
