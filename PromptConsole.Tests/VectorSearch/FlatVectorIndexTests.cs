using PromptConsole.Web.Infrastructure.VectorSearch;
using Xunit.Abstractions;

namespace PromptConsole.Tests.VectorSearch;

public sealed class FlatVectorIndexTests(ITestOutputHelper output)
{
    private const int Dimensions = 64;

    [Fact]
    public void Search_returns_exactly_what_a_naive_loop_finds()
    {
        var stored = RandomVectors.Unit(2_000, Dimensions, seed: 1);
        var index = new FlatVectorIndex(Dimensions);
        for (var i = 0; i < stored.Length; i++)
            index.Upsert($"v{i}", stored[i]);

        foreach (var query in RandomVectors.Unit(50, Dimensions, seed: 2))
        {
            var expected = RandomVectors.Naive(stored, query, 10, minimumSimilarity: -1f);
            var actual = index.Search(query, 10, minimumSimilarity: -1f);

            Assert.Equal(expected.Select(e => $"v{e.Index}"), actual.Select(m => m.Id));
            for (var i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i].Similarity, actual[i].Similarity, 1e-5f);
        }
    }

    [Fact]
    public void Search_never_returns_a_match_below_the_minimum()
    {
        var stored = RandomVectors.Unit(1_000, Dimensions, seed: 3);
        var index = new FlatVectorIndex(Dimensions);
        for (var i = 0; i < stored.Length; i++)
            index.Upsert($"v{i}", stored[i]);

        foreach (var query in RandomVectors.Unit(20, Dimensions, seed: 4))
        {
            var expected = RandomVectors.Naive(stored, query, 1_000, minimumSimilarity: 0.2f);
            var actual = index.Search(query, 1_000, minimumSimilarity: 0.2f);

            Assert.All(actual, match => Assert.True(match.Similarity >= 0.2f));
            Assert.Equal(expected.Length, actual.Count);
        }
    }

    [Fact]
    public void An_identical_vector_is_found_with_similarity_one()
    {
        var stored = RandomVectors.Unit(100, Dimensions, seed: 5);
        var index = new FlatVectorIndex(Dimensions);
        for (var i = 0; i < stored.Length; i++)
            index.Upsert($"v{i}", stored[i]);

        var match = Assert.Single(index.Search(stored[42], 1, 0.99f));
        Assert.Equal("v42", match.Id);
        Assert.Equal(1f, match.Similarity, 1e-5f);
    }

    [Fact]
    public void Remove_swaps_the_last_row_in_and_keeps_every_other_vector_findable()
    {
        var stored = RandomVectors.Unit(300, Dimensions, seed: 6);
        var index = new FlatVectorIndex(Dimensions, initialCapacity: 4);
        for (var i = 0; i < stored.Length; i++)
            index.Upsert($"v{i}", stored[i]);

        for (var i = 0; i < stored.Length; i += 3)
            Assert.True(index.Remove($"v{i}"));
        Assert.False(index.Remove("v0"));
        Assert.False(index.Remove("never-stored"));

        Assert.Equal(200, index.Count);
        for (var i = 0; i < stored.Length; i++)
        {
            var best = index.Search(stored[i], 1, 0.999f);
            if (i % 3 == 0)
                Assert.Empty(best);
            else
                Assert.Equal($"v{i}", Assert.Single(best).Id);
        }
    }

    [Fact]
    public void Upsert_under_an_existing_id_replaces_the_vector()
    {
        var vectors = RandomVectors.Unit(2, Dimensions, seed: 7);
        var index = new FlatVectorIndex(Dimensions);
        index.Upsert("a", vectors[0]);
        index.Upsert("a", vectors[1]);

        Assert.Equal(1, index.Count);
        Assert.Empty(index.Search(vectors[0], 1, 0.999f));
        Assert.Equal("a", Assert.Single(index.Search(vectors[1], 1, 0.999f)).Id);
    }

    [Fact]
    public void A_vector_of_the_wrong_length_is_refused()
    {
        var index = new FlatVectorIndex(Dimensions);
        Assert.Throws<ArgumentException>(() => index.Upsert("a", new float[Dimensions + 1]));
        Assert.Throws<ArgumentException>(() => index.Search(new float[3], 1, 0f));
    }

    /// <summary>
    /// Readers never get a wrong answer while writers add, replace and remove. The flat index never misses either. The
    /// graph's search runs beside an add (it does not wait for it), and USearch's base-layer search reads neighbour lists
    /// without locks, so a search that meets a list being rewritten can, rarely, miss an entry: for a cache that is one
    /// extra model call, against every lookup waiting 1–3 ms behind each add at 100k entries. The rate is printed and
    /// bounded.
    /// </summary>
    [Fact]
    public async Task Concurrent_readers_and_writers_never_get_a_wrong_answer_and_the_graph_rarely_misses()
    {
        var vectors = RandomVectors.Unit(500, Dimensions, seed: 8);
        IVectorIndex[] indexes = [new FlatVectorIndex(Dimensions), new ApproximateVectorIndex(Dimensions), new TieredVectorIndex(Dimensions, flatLimit: 200)];
        foreach (var index in indexes)
        {
            // Ids 0–249 stay for good; writers keep adding, replacing and removing 250–499 while readers search.
            for (var i = 0; i < 250; i++)
                index.Upsert($"v{i}", vectors[i]);

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            long searches = 0, missed = 0, wrong = 0;
            var writers = Enumerable.Range(0, 2).Select(w => OnOwnThread(() =>
            {
                var random = new Random(w);
                while (!stop.IsCancellationRequested)
                {
                    var i = random.Next(250, 500);
                    if (random.Next(2) == 0)
                        index.Upsert($"v{i}", vectors[i]);
                    else
                        index.Remove($"v{i}");
                }
            }));
            var readers = Enumerable.Range(0, 3).Select(r => OnOwnThread(() =>
            {
                var random = new Random(100 + r);
                while (!stop.IsCancellationRequested)
                {
                    var i = random.Next(0, 250);
                    var best = index.Search(vectors[i], 1, 0.99f);
                    Interlocked.Increment(ref searches);
                    if (best.Count == 0)
                        Interlocked.Increment(ref missed);
                    else if (best.Count != 1 || best[0].Id != $"v{i}")
                        Interlocked.Increment(ref wrong);
                }
            }));
            await Task.WhenAll(writers.Concat(readers));

            output.WriteLine($"{index.GetType().Name}: {searches} searches, {missed} missed, {wrong} wrong");
            Assert.Equal(0, wrong);
            if (index is FlatVectorIndex)
                Assert.Equal(0, missed);
            else
                Assert.True(missed <= Math.Max(1, searches / 1_000), $"{missed} of {searches} searches missed a stored vector");
            Assert.InRange(index.Count, 250, 500);
        }
    }

    // Busy loops on threads of their own: on the thread pool they held five of its workers, and tests running beside
    // this one (a Redis client reading its replies on the pool) waited for one, once 13 s.
    private static Task OnOwnThread(Action loop) =>
        Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
