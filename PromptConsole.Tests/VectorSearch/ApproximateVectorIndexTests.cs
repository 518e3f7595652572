using System.Diagnostics;
using PromptConsole.Web.Infrastructure.VectorSearch;
using Xunit.Abstractions;

namespace PromptConsole.Tests.VectorSearch;

/// <summary>
/// Recall of the HNSW index against the exact one on 20,000 random 384-d unit vectors in groups of ten (the shape of a
/// semantic cache: paraphrases near each other). Uniformly scattered random vectors are not used for the recall bar:
/// there the nearest neighbour is barely nearer than any other vector, and any graph needs an expansion near 1,000
/// (slower than the flat scan) to find it — bench part 8 prints that case.
/// </summary>
public sealed class ApproximateVectorIndexTests(ITestOutputHelper output)
{
    private const int Dimensions = 384;

    [Fact]
    public void Recall_at_1_and_10_against_the_flat_index_is_at_least_0_95_on_20k_random_grouped_vectors()
    {
        var (stored, queries) = RandomVectors.Grouped(groups: 2_000, perGroup: 10, queries: 200, Dimensions, seed: 11);
        var flat = new FlatVectorIndex(Dimensions);
        using var approximate = new ApproximateVectorIndex(Dimensions);
        var build = Stopwatch.StartNew();
        for (var i = 0; i < stored.Length; i++)
        {
            flat.Upsert($"v{i}", stored[i]);
        }

        approximate.UpsertMany(stored.Select((vector, i) => ($"v{i}", vector)));
        build.Stop();

        double hitsAt1 = 0, hitsAt10 = 0;
        foreach (var query in queries)
        {
            var exact = flat.Search(query, 10, -1f);
            var found = approximate.Search(query, 10, -1f);
            if (found.Count > 0 && found[0].Id == exact[0].Id)
                hitsAt1++;
            hitsAt10 += exact.Select(m => m.Id).Intersect(found.Select(m => m.Id)).Count();
        }

        var recallAt1 = hitsAt1 / queries.Length;
        var recallAt10 = hitsAt10 / (queries.Length * 10.0);
        output.WriteLine($"20k × 384 random unit vectors in groups of 10, {approximate.Settings}: recall@1 {recallAt1:F3}, recall@10 {recallAt10:F3}, build {build.Elapsed.TotalSeconds:F1} s");
        Assert.True(recallAt1 >= 0.95, $"recall@1 {recallAt1:F3}");
        Assert.True(recallAt10 >= 0.95, $"recall@10 {recallAt10:F3}");
    }

    // Float32 reports the cosine to rounding; float16 storage moves it a little (three significant digits per
    // component), which also shows the graph really keeps float16: the native library is given a scalar kind the
    // package's enum does not name, and float32 (no error) or 8-bit storage (errors near 0.01) would fail the range.
    [Theory]
    [InlineData(GraphVectorStorage.Float32, 0f, 1e-5f)]
    [InlineData(GraphVectorStorage.Float16, 5e-6f, 2e-3f)]
    public void Search_never_returns_a_match_below_the_minimum_and_reports_cosine_similarity(GraphVectorStorage storage, float smallestLargestError, float tolerance)
    {
        var stored = RandomVectors.Unit(2_000, Dimensions, seed: 13);
        using var index = new ApproximateVectorIndex(Dimensions, new ApproximateIndexSettings(Storage: storage));
        for (var i = 0; i < stored.Length; i++)
            index.Upsert($"v{i}", stored[i]);

        var largestError = 0f;
        foreach (var query in RandomVectors.Unit(20, Dimensions, seed: 14).Concat(stored.Take(20)))
        {
            var exact = RandomVectors.Naive(stored, query, 50, -1f).ToDictionary(x => $"v{x.Index}", x => x.Similarity);
            var found = index.Search(query, 50, minimumSimilarity: 0.05f);
            Assert.All(found, match =>
            {
                Assert.True(match.Similarity >= 0.05f, $"{match.Similarity} < 0.05");
                if (exact.TryGetValue(match.Id, out var similarity))
                {
                    Assert.Equal(similarity, match.Similarity, tolerance);
                    largestError = Math.Max(largestError, Math.Abs(similarity - match.Similarity));
                }
            });
        }

        output.WriteLine($"{storage}: largest difference from the exact cosine {largestError:E2}");
        Assert.InRange(largestError, smallestLargestError, tolerance);
    }

    [Fact]
    public void Concurrent_searches_of_a_float16_graph_find_what_the_same_searches_find_one_at_a_time()
    {
        var (stored, queries) = RandomVectors.Grouped(groups: 300, perGroup: 10, queries: 400, Dimensions, seed: 19);
        using var index = new ApproximateVectorIndex(Dimensions, new ApproximateIndexSettings(Storage: GraphVectorStorage.Float16));
        index.UpsertMany(stored.Select((vector, i) => ($"v{i}", vector)));
        string Found(float[] query) => string.Join(",", index.Search(query, 5, -1f).Select(m => $"{m.Id}:{m.Similarity:F5}"));
        var alone = queries.Select(Found).ToArray();

        var together = new string[queries.Length];
        Parallel.For(0, queries.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var found = Found(queries[i % queries.Length]);
            if (i >= queries.Length * 3)
                together[i % queries.Length] = found;
            else
                Assert.Equal(alone[i % queries.Length], found);
        });

        Assert.Equal(alone, together);
    }

    [Fact]
    public async Task A_search_is_answered_while_an_add_is_in_progress_and_the_added_vector_is_found_once_it_is_done()
    {
        var vectors = RandomVectors.Unit(101, Dimensions, seed: 21);
        using var index = new ApproximateVectorIndex(Dimensions);
        for (var i = 0; i < 100; i++)
            index.Upsert($"v{i}", vectors[i]);
        using var adding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        index.WhileAdding = () =>
        {
            adding.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        };

        var add = Task.Run(() => index.Upsert("v100", vectors[100]));
        Assert.True(adding.Wait(TimeSpan.FromSeconds(10)), "the add started");
        var search = Task.Run(() => index.Search(vectors[3], 1, 0.99f));
        var answered = await Task.WhenAny(search, Task.Delay(TimeSpan.FromSeconds(10))) == search;
        release.Set();
        await add;

        Assert.True(answered, "the search waited for the add to finish");
        Assert.Equal("v3", Assert.Single(await search).Id);
        Assert.Equal("v100", Assert.Single(index.Search(vectors[100], 1, 0.999f)).Id);
        Assert.Equal(101, index.Count);
    }

    [Fact]
    public void Remove_and_replace_are_seen_by_the_next_search()
    {
        var vectors = RandomVectors.Unit(100, Dimensions, seed: 15);
        using var index = new ApproximateVectorIndex(Dimensions);
        for (var i = 0; i < 50; i++)
            index.Upsert($"v{i}", vectors[i]);

        Assert.True(index.Remove("v7"));
        Assert.False(index.Remove("v7"));
        Assert.Empty(index.Search(vectors[7], 1, 0.999f));

        index.Upsert("v8", vectors[99]);
        Assert.Empty(index.Search(vectors[8], 1, 0.999f));
        Assert.Equal("v8", Assert.Single(index.Search(vectors[99], 1, 0.999f)).Id);
        Assert.Equal(49, index.Count);
    }

    [Fact]
    public void An_empty_index_finds_nothing()
    {
        using var index = new ApproximateVectorIndex(Dimensions);
        Assert.Empty(index.Search(new float[Dimensions], 5, 0f));
    }
}
