using System.Numerics.Tensors;

namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// The simplest correct <see cref="IVectorIndex"/>: every search scans every vector (dot products through
/// <see cref="TensorPrimitives"/>). The semantic cache's partitions are small (one prompt version, tenant and set of
/// exact values), so a scan is enough until the tiered index replaces this one.
/// </summary>
public sealed class ScanVectorIndex(int dimensions) : IVectorIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
                return _vectors.Count;
        }
    }

    public int Dimensions { get; } = dimensions;

    public void Upsert(string id, ReadOnlyMemory<float> vector)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (vector.Length != Dimensions)
            throw new ArgumentException($"The index holds {Dimensions}-dimensional vectors, not {vector.Length}.", nameof(vector));
        var copy = vector.ToArray();
        lock (_gate)
            _vectors[id] = copy;
    }

    public bool Remove(string id)
    {
        lock (_gate)
            return _vectors.Remove(id);
    }

    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int count, float minimumSimilarity)
    {
        if (query.Length != Dimensions)
            throw new ArgumentException($"The index holds {Dimensions}-dimensional vectors, not {query.Length}.", nameof(query));
        if (count <= 0)
            return [];
        var matches = new List<VectorMatch>();
        lock (_gate)
        {
            foreach (var (id, vector) in _vectors)
            {
                var similarity = TensorPrimitives.Dot(query, vector);
                if (similarity >= minimumSimilarity)
                    matches.Add(new VectorMatch(id, similarity));
            }
        }

        matches.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));
        if (matches.Count > count)
            matches.RemoveRange(count, matches.Count - count);
        return matches;
    }
}

/// <summary>Makes <see cref="ScanVectorIndex"/>es.</summary>
public sealed class ScanVectorIndexFactory : IVectorIndexFactory
{
    public IVectorIndex Create(int dimensions) => new ScanVectorIndex(dimensions);
}
