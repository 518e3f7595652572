namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>One stored vector close to a query: its id and its cosine similarity (vectors are unit length, so the dot product).</summary>
public readonly record struct VectorMatch(string Id, float Similarity);

/// <summary>
/// Unit-length vectors by id, searched by cosine similarity. The semantic cache keeps one index per partition
/// (prompt, version, tenant and the exact variables' values), so a search only ever sees candidates that may answer.
/// Implementations are safe for concurrent readers and writers.
/// </summary>
public interface IVectorIndex
{
    /// <summary>How many vectors are stored.</summary>
    int Count { get; }

    /// <summary>The vectors' length (384 for all-MiniLM-L6-v2).</summary>
    int Dimensions { get; }

    /// <summary>Adds the vector, or replaces the one stored under the same id. The vector must be unit length.</summary>
    void Upsert(string id, ReadOnlyMemory<float> vector);

    /// <summary>Removes the vector stored under <paramref name="id"/>; false when there was none.</summary>
    bool Remove(string id);

    /// <summary>
    /// Up to <paramref name="count"/> stored vectors with similarity at least <paramref name="minimumSimilarity"/>,
    /// best first. An approximate index may miss a match; it never returns one below the minimum.
    /// </summary>
    IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int count, float minimumSimilarity);
}
