using PromptConsole.Web.Infrastructure.VectorSearch;

namespace PromptConsole.Tests.VectorSearch;

public sealed class TieredVectorIndexTests
{
    private const int Dimensions = 64;

    [Fact]
    public void Stays_exact_up_to_the_flat_limit()
    {
        var vectors = RandomVectors.Unit(100, Dimensions, seed: 21);
        using var index = new TieredVectorIndex(Dimensions, flatLimit: 100, migrateInBackground: false);
        for (var i = 0; i < vectors.Length; i++)
            index.Upsert($"v{i}", vectors[i]);

        Assert.False(index.IsApproximate);
        Assert.Equal(100, index.Count);
    }

    [Fact]
    public async Task Turns_approximate_past_the_limit_and_keeps_writes_made_during_the_move()
    {
        var vectors = RandomVectors.Unit(400, Dimensions, seed: 22);
        using var index = new TieredVectorIndex(Dimensions, flatLimit: 200);
        for (var i = 0; i <= 200; i++)
            index.Upsert($"v{i}", vectors[i]);

        // The graph is being built from a snapshot: these land in the flat index and are replayed onto the graph.
        for (var i = 201; i < 400; i++)
            index.Upsert($"v{i}", vectors[i]);
        index.Remove("v3");
        index.Upsert("v4", vectors[399]);

        await index.Migration;

        Assert.True(index.IsApproximate);
        Assert.Equal(399, index.Count);
        Assert.Empty(index.Search(vectors[3], 1, 0.999f));
        Assert.Equal("v250", Assert.Single(index.Search(vectors[250], 1, 0.999f)).Id);
        Assert.DoesNotContain(index.Search(vectors[4], 5, 0.999f), match => match.Id == "v4");
        Assert.Contains(index.Search(vectors[399], 5, 0.999f), match => match.Id == "v4");
    }

    [Fact]
    public async Task Searches_during_the_background_build_find_every_stored_vector_and_many_writes_meanwhile_all_reach_the_graph()
    {
        var vectors = RandomVectors.Unit(3_000, Dimensions, seed: 23);
        using var index = new TieredVectorIndex(Dimensions, flatLimit: 500);
        for (var i = 0; i <= 500; i++)
            index.Upsert($"v{i}", vectors[i]);

        // Far more writes than one replay round while the graph is built; every search meanwhile must be right.
        var wrong = new List<string>();
        var random = new Random(24);
        for (var i = 501; i < vectors.Length; i++)
        {
            index.Upsert($"v{i}", vectors[i]);
            var probe = random.Next(i + 1);
            if (!index.Search(vectors[probe], 1, 0.999f).Any(match => match.Id == $"v{probe}"))
                wrong.Add($"v{probe}");
        }

        await index.Migration;

        Assert.Empty(wrong);
        Assert.True(index.IsApproximate);
        Assert.Equal(vectors.Length, index.Count);
        var missed = Enumerable.Range(0, vectors.Length).Where(i => !index.Search(vectors[i], 1, 0.999f).Any(match => match.Id == $"v{i}")).ToList();
        Assert.Empty(missed);
    }

    [Fact]
    public void The_factory_makes_empty_tiered_indexes_of_the_asked_dimensions()
    {
        var factory = new TieredVectorIndexFactory(Microsoft.Extensions.Options.Options.Create(new VectorSearchOptions { FlatLimit = 10 }));
        var index = factory.Create(384);

        Assert.IsType<TieredVectorIndex>(index);
        Assert.Equal(384, index.Dimensions);
        Assert.Equal(0, index.Count);
    }
}
