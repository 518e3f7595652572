using System.Runtime.InteropServices;
using Cloud.Unum.USearch;
using PromptConsole.Web.Infrastructure.VectorSearch;

namespace PromptConsole.Tests.VectorSearch;

/// <summary>
/// The graph reserves native capacity ahead (doubling) instead of one vector per add: growth past the first
/// reservation, removal and re-adding, and batch adds on more than one thread must keep every vector findable.
/// </summary>
public sealed class ApproximateVectorIndexCapacityTests
{
    private const int Dimensions = 64;
    private const int InitialCapacity = 100;

    // These tests ask whether every vector is still in the graph, not how good its recall is (other tests measure
    // that): uniformly random vectors are the graph's worst case, and a parallel build is not deterministic, so the
    // search looks at as many candidates as the index holds.
    private static readonly ApproximateIndexSettings Exhaustive = new(ExpansionSearch: 4 * InitialCapacity);

    [Fact]
    public void Adding_three_times_the_initial_capacity_grows_it_by_doubling_and_keeps_every_vector_findable()
    {
        var vectors = RandomVectors.Unit(3 * InitialCapacity, Dimensions, seed: 31);
        using var index = new ApproximateVectorIndex(Dimensions, Exhaustive, initialCapacity: InitialCapacity);
        Assert.InRange(index.Capacity, InitialCapacity, 2 * InitialCapacity);
        var capacities = new HashSet<int> { index.Capacity };
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Upsert($"v{i}", vectors[i]);
            capacities.Add(index.Capacity);
        }

        Assert.Equal(vectors.Length, index.Count);
        Assert.InRange(index.Capacity, vectors.Length, 4 * vectors.Length);

        // Doubling: a handful of reservations for 3× the first one, not one per add.
        Assert.InRange(capacities.Count, 2, 4);
        AssertEveryVectorFindsItself(index, vectors, i => $"v{i}");
    }

    [Fact]
    public void Removed_ids_can_be_added_again_and_growth_continues_past_the_reservation()
    {
        var first = RandomVectors.Unit(2 * InitialCapacity, Dimensions, seed: 32);
        var second = RandomVectors.Unit(2 * InitialCapacity, Dimensions, seed: 33);
        using var index = new ApproximateVectorIndex(Dimensions, Exhaustive, initialCapacity: InitialCapacity);
        for (var i = 0; i < first.Length; i++)
            index.Upsert($"v{i}", first[i]);

        // Remove every other one, then give the removed ids new vectors and add as many new ids again.
        for (var i = 0; i < first.Length; i += 2)
            Assert.True(index.Remove($"v{i}"));
        Assert.Equal(InitialCapacity, index.Count);
        for (var i = 0; i < first.Length; i += 2)
            index.Upsert($"v{i}", second[i]);
        for (var i = 0; i < second.Length; i++)
            index.Upsert($"w{i}", second[i].Select(x => -x).ToArray());

        Assert.Equal(first.Length + second.Length, index.Count);
        Assert.True(index.Capacity >= index.Count, $"capacity {index.Capacity} < count {index.Count}");
        for (var i = 0; i < first.Length; i++)
        {
            var current = i % 2 == 0 ? second[i] : first[i];
            Assert.Equal($"v{i}", Assert.Single(index.Search(current, 1, 0.999f)).Id);
            if (i % 2 == 0)
                Assert.DoesNotContain(index.Search(first[i], 3, 0.999f), match => match.Id == $"v{i}");
        }

        AssertEveryVectorFindsItself(index, second.Select(v => v.Select(x => -x).ToArray()).ToArray(), i => $"w{i}");
    }

    // Concurrent adds once left a few vectors unreachable now and then, for both storage kinds; a batch is now added on
    // one thread, and every vector of it must be found again.
    [Theory]
    [InlineData(GraphVectorStorage.Float32)]
    [InlineData(GraphVectorStorage.Float16)]
    public void A_batch_is_all_findable_and_a_repeated_id_keeps_its_last_vector(GraphVectorStorage storage)
    {
        var vectors = RandomVectors.Unit(3 * InitialCapacity, Dimensions, seed: 34);
        using var index = new ApproximateVectorIndex(Dimensions, Exhaustive with { Storage = storage }, initialCapacity: InitialCapacity);
        var batch = vectors.Select((vector, i) => ($"v{i}", vector)).Append(("v0", vectors[^1])).ToList();

        index.UpsertMany(batch);

        Assert.Equal(vectors.Length, index.Count);
        Assert.Contains(index.Search(vectors[^1], 2, 0.999f), match => match.Id == "v0");
        Assert.DoesNotContain(index.Search(vectors[0], 2, 0.999f), match => match.Id == "v0");
        AssertEveryVectorFindsItself(index, vectors[1..^1], i => $"v{i + 1}");
    }

    [Fact]
    public void The_native_init_options_have_the_layout_of_the_package_s_own()
    {
        Assert.Equal(Marshal.SizeOf<IndexOptions>(), Marshal.SizeOf<UsearchNative.InitOptions>());
        (string Package, string Ours)[] fields =
        [
            ("metric_kind", nameof(UsearchNative.InitOptions.MetricKind)),
            ("metric", nameof(UsearchNative.InitOptions.Metric)),
            ("quantization", nameof(UsearchNative.InitOptions.Quantization)),
            ("dimensions", nameof(UsearchNative.InitOptions.Dimensions)),
            ("connectivity", nameof(UsearchNative.InitOptions.Connectivity)),
            ("expansion_add", nameof(UsearchNative.InitOptions.ExpansionAdd)),
            ("expansion_search", nameof(UsearchNative.InitOptions.ExpansionSearch)),
            ("multi", nameof(UsearchNative.InitOptions.Multi)),
        ];
        foreach (var (package, ours) in fields)
            Assert.Equal(Marshal.OffsetOf<IndexOptions>(package), Marshal.OffsetOf<UsearchNative.InitOptions>(ours));
        Assert.Equal((int)ScalarKind.Float32, UsearchNative.ScalarFloat32);
    }

    private static void AssertEveryVectorFindsItself(ApproximateVectorIndex index, float[][] vectors, Func<int, string> id)
    {
        var missed = Enumerable.Range(0, vectors.Length)
            .Where(i => !index.Search(vectors[i], 1, 0.999f).Any(match => match.Id == id(i)))
            .Select(id)
            .ToList();
        Assert.True(missed.Count == 0, $"not found: {string.Join(", ", missed)}");
    }
}
