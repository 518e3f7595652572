using Microsoft.Extensions.AI;
using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Tests.Embeddings;

/// <summary>The generator the host registers: concurrent single requests share ONNX runs and get their own vectors.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class MiniLmEmbeddingGeneratorTests(MiniLmFixture fixture)
{
    private MiniLmEmbeddingGenerator Generator(int maxBatch = 16, double windowMs = 2) =>
        new(fixture.Model, new EmbeddingsOptions { MaxBatch = maxBatch, BatchWindowMs = windowMs }, TimeProvider.System);

    [Fact]
    public async Task Concurrent_single_requests_are_batched_and_each_caller_gets_its_own_unbatched_vector()
    {
        var texts = MiniLmParityTests.Sentences[..12];
        var alone = texts.Select(t => fixture.Model.Encode([t]).Vectors[0]).ToArray();
        using var generator = Generator();

        var calls = texts.Select(t => Task.Run(() => generator.GenerateVectorAsync(t))).ToArray();
        var vectors = await Task.WhenAll(calls);

        Assert.True(generator.Batcher.Batches < texts.Length, $"{generator.Batcher.Batches} batches for {texts.Length} concurrent calls");
        Assert.True(generator.Batcher.LargestBatch > 1);
        for (var i = 0; i < texts.Length; i++)
        {
            // Padding to the batch's longest input changes the matrix shapes, so the last bits may differ.
            Assert.True(VectorMath.MaxAbsDifference(vectors[i].Span, alone[i]) <= 1e-5, $"'{texts[i]}' differs from its unbatched vector");
        }
    }

    [Fact]
    public async Task A_list_keeps_its_order_and_reports_the_tokens_read()
    {
        using var generator = Generator(maxBatch: 4);
        string[] texts = ["one", "two words", "three words here", "a b c d e", "last"];

        var embeddings = await generator.GenerateAsync(texts);

        Assert.Equal(texts.Length, embeddings.Count);
        for (var i = 0; i < texts.Length; i++)
            Assert.True(VectorMath.MaxAbsDifference(embeddings[i].Vector.Span, fixture.Model.Encode([texts[i]]).Vectors[0]) <= 1e-5);
        Assert.Equal(fixture.Model.Encode(texts).TokenCounts.Sum(), embeddings.Usage!.InputTokenCount);
        Assert.Equal(fixture.Model.VectorModelId, embeddings[0].ModelId);
        Assert.Equal(384, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Fact]
    public async Task Asking_for_other_dimensions_is_refused()
    {
        using var generator = Generator();
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 256 }));
    }
}
