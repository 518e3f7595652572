using System.Numerics.Tensors;
using PromptConsole.Web.Infrastructure.Embeddings;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Embeddings;

/// <summary>
/// Our pipeline (FastBertTokenizer, ONNX Runtime, mean pooling, L2) against the package's own encoder on the same
/// weights. Criterion, per sentence: cosine ≥ 0.9999 AND max absolute difference ≤ 1e-4.
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class MiniLmParityTests(MiniLmFixture fixture, ITestOutputHelper output)
{
    public static readonly string[] Sentences =
    [
        "hello world",
        "A man is playing a guitar.",
        "The quick brown fox jumps over the lazy dog.",
        "Please summarise the following customer message in two sentences.",
        "My order #4512 arrived damaged and I would like a refund.",
        "How do I reset my password?",
        "I forgot my password, how can I change it?",
        "The weather in Paris is lovely in the spring.",
        "Transformers turn token sequences into contextual vectors.",
        "Cancel my subscription immediately!",
        "What's the difference between a list and a tuple in Python?",
        "The meeting was moved from Tuesday to Thursday at 3pm.",
        "She sells sea shells by the sea shore.",
        "Translate 'good morning' into German.",
        "Our quarterly revenue grew by 12 percent year over year.",
        "A child is riding a horse.",
        "The cat sat on the mat, looking rather pleased with itself.",
        "Is it safe to take ibuprofen with coffee?",
        "Write a haiku about autumn leaves.",
        "Extract the customer's name, the product and the amount from this email.",
    ];

    [Fact]
    public void Our_pipeline_matches_the_package_encoder_on_twenty_sentences()
    {
        var ours = fixture.Model.Encode(Sentences).Vectors;
        var reference = fixture.Reference.Encode(Sentences);

        var worstCosine = 1.0;
        var worstDifference = 0.0;
        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.Equal(MiniLmModel.Dimensions, ours[i].Length);
            Assert.Equal(1.0, TensorPrimitives.Norm<float>(ours[i]), 4);
            var cosine = VectorMath.Cosine(ours[i], reference[i]);
            var difference = VectorMath.MaxAbsDifference(ours[i], reference[i]);
            worstCosine = Math.Min(worstCosine, cosine);
            worstDifference = Math.Max(worstDifference, difference);
            Assert.True(cosine >= 0.9999, $"'{Sentences[i]}': cosine {cosine:F6}");
            Assert.True(difference <= 1e-4, $"'{Sentences[i]}': max |difference| {difference:E2}");
        }

        output.WriteLine($"Parity over {Sentences.Length} sentences: worst cosine {worstCosine:F7}, worst max |difference| {worstDifference:E2}");
    }

    [Fact]
    public void Hello_world_matches_the_published_reference_vector()
    {
        // sentence-transformers/all-MiniLM-L6-v2 in Python, model.encode("hello world")[:4].
        var vector = fixture.Model.Encode(["hello world"]).Vectors[0];
        Assert.Equal([-0.03447727f, 0.03102317f, 0.00673496f, 0.02610895f], vector[..4], new ToleranceComparer(1e-5f));
    }

    [Fact]
    public void Inputs_beyond_256_tokens_are_truncated_like_sentence_transformers()
    {
        var longText = string.Join(' ', Enumerable.Repeat("word", 600));
        var batch = fixture.Model.Encode([longText, longText + " and a different tail that the model never reads"]);

        Assert.Equal([MiniLmModel.MaxTokens, MiniLmModel.MaxTokens], batch.TokenCounts);
        Assert.Equal(batch.Vectors[0], batch.Vectors[1]);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
