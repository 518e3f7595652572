namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// The HNSW graph's knobs. Connectivity is the edges per node; the expansions are the candidate lists kept while
/// inserting and while searching. Larger means better recall and slower work; a search costs about in proportion to its
/// expansion, and a graph lookup at 100k entries is bound by memory traffic (each candidate is a 1.5 KB vector). The
/// default search expansion, 32 (USearch's own is 64), finds near neighbours — paraphrase-like clusters, the cache's
/// case — with recall@10 1.0 at 10k and 0.98 at 100k 384-d vectors at half the cost of 64 (0.995); see bench part 8.
/// Uniformly random vectors are a different matter: their nearest neighbour is barely nearer than any other vector
/// (cosine ≈ 0.2 against ≈ 0 ± 0.05), and a graph needs an expansion near 1,000 to find it, slower than a flat scan
/// (see bench part 8). The cache never serves such a match: it searches above a threshold near 0.9.
/// A graph is always built on one thread: concurrent adds left a few vectors in a few hundred unreachable now and then
/// (seen for float16 and float32 graphs alike in the tests), and the product runs on two cores while the build happens
/// in the background anyway. <see cref="Storage"/> is how the graph keeps its
/// vectors: float16 by default, half the memory traffic of float32 per candidate (see <see cref="GraphVectorStorage"/>).
/// </summary>
public sealed record ApproximateIndexSettings(
    int Connectivity = 16,
    int ExpansionAdd = 128,
    int ExpansionSearch = 32,
    GraphVectorStorage Storage = GraphVectorStorage.Float16);
