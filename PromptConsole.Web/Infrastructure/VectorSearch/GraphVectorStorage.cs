namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// How the HNSW graph keeps its vectors. Queries and inserts stay float32; the graph converts them. A lookup at 100k
/// entries is bound by reading candidate vectors from memory, so half the bytes per vector is most of the saving
/// (bench part 8: at 100k, 0.76 → 0.33 ms CPU per lookup). Float16 keeps about three significant digits per component;
/// the cosines it reports differed from the exact ones by at most 5e-5 in the tests (the test allows 0.002), far less
/// than the gap between a cache threshold and the scores around it, and recall at the default search expansion was
/// unchanged (1.0 at 10k, 0.98 at 100k).
/// </summary>
public enum GraphVectorStorage
{
    Float16,
    Float32,
}
