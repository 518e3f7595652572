namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// How the HNSW graph keeps its vectors. Queries and inserts stay float32; the graph converts them. A lookup at 100k
/// entries is bound by reading candidate vectors from memory, so half the bytes per vector is most of the saving
/// (bench part 8: lookup CPU and p99 at 100k). Float16 keeps about three significant digits per component, which moves a
/// cosine of normalised 384-d vectors by well under 0.002 — far less than the gap between a cache threshold and the
/// scores around it, and recall is unchanged in the tests and the bench.
/// </summary>
public enum GraphVectorStorage
{
    Float16,
    Float32,
}
