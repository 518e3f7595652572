namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// The HNSW graph's knobs. Connectivity is the edges per node; the expansions are the candidate lists kept while
/// inserting and while searching. Larger means better recall and slower work. The defaults (USearch's own search
/// expansion) find near neighbours — paraphrase-like clusters, the cache's case — with recall 1.0 on 20k 384-d vectors.
/// Uniformly random vectors are a different matter: their nearest neighbour is barely nearer than any other vector
/// (cosine ≈ 0.2 against ≈ 0 ± 0.05), and a graph needs an expansion near 1,000 to find it, slower than a flat scan
/// (see bench part 8). The cache never serves such a match: it searches above a threshold near 0.9.
/// <see cref="BuildThreads"/> is how many threads add a batch of vectors at once (building the graph from a flat
/// index): one by default, because the product runs on two cores and the build happens in the background while
/// requests are served.
/// </summary>
public sealed record ApproximateIndexSettings(int Connectivity = 16, int ExpansionAdd = 128, int ExpansionSearch = 64, int BuildThreads = 1);
