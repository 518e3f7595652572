using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Tests.Embeddings;

[Collection(MiniLmCollection.Name)]
public sealed class MiniLmRecentTextsTests(MiniLmFixture fixture)
{
    [Fact]
    public async Task A_repeated_text_is_not_embedded_twice_and_gets_the_same_vector()
    {
        using var generator = new MiniLmEmbeddingGenerator(fixture.Model, new EmbeddingsOptions(), TimeProvider.System);
        var first = await generator.GenerateAsync(["Where is my parcel?"]);
        var inputs = generator.Batcher.Inputs;

        var second = await generator.GenerateAsync(["Where is my parcel?"]);

        Assert.Equal(inputs, generator.Batcher.Inputs);
        Assert.Equal(first[0].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(first.Usage!.InputTokenCount, second.Usage!.InputTokenCount);
        Assert.Equal(1, generator.Recent.Hits);
    }
}
