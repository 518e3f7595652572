using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Tests.Embeddings;

public sealed class EmbeddingsOptionsValidatorTests
{
    public static TheoryData<string, EmbeddingsOptions, string?> Cases => new()
    {
        { "defaults", new EmbeddingsOptions(), null },
        { "unknown provider", new EmbeddingsOptions { Provider = "word2vec" }, "Provider" },
        { "batch of zero", new EmbeddingsOptions { MaxBatch = 0 }, "MaxBatch" },
        { "negative window", new EmbeddingsOptions { BatchWindowMs = -1 }, "BatchWindowMs" },
        { "no threads", new EmbeddingsOptions { IntraOpThreads = 0 }, "IntraOpThreads" },
        { "missing model file", new EmbeddingsOptions { ModelPath = "/nonexistent/model.onnx" }, "ModelPath" },
        { "openai without url", new EmbeddingsOptions { Provider = "openai", OpenAi = new() { Model = "text-embedding-3-small" } }, "OpenAi:BaseUrl" },
        { "openai without model", new EmbeddingsOptions { Provider = "openai", OpenAi = new() { BaseUrl = "https://api.openai.com/v1" } }, "OpenAi:Model" },
        { "float32", new EmbeddingsOptions { Precision = "Float32" }, null },
        { "int8", new EmbeddingsOptions { Precision = "Int8" }, null },
        { "int8 in lower case", new EmbeddingsOptions { Precision = "int8" }, null },
        { "unknown precision", new EmbeddingsOptions { Precision = "fp16" }, "Precision" },
        { "precision as a number", new EmbeddingsOptions { Precision = "1" }, "Precision" },
        { "empty precision", new EmbeddingsOptions { Precision = "" }, "Precision" },
        { "openai complete", new EmbeddingsOptions { Provider = "OpenAI", OpenAi = new() { BaseUrl = "https://api.openai.com/v1", Model = "text-embedding-3-small" } }, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validates(string name, EmbeddingsOptions options, string? failingSetting)
    {
        var result = new EmbeddingsOptionsValidator().Validate(null, options);

        if (failingSetting is null)
            Assert.True(result.Succeeded, $"{name}: {result.FailureMessage}");
        else
            Assert.Contains($"PromptConsole:Embeddings:{failingSetting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_id_follows_the_provider_unless_set()
    {
        Assert.Equal("all-minilm-l6-v2", new EmbeddingsOptions().ModelId);
        Assert.Equal("text-embedding-3-small", new EmbeddingsOptions { Provider = "openai", OpenAi = new() { Model = "text-embedding-3-small" } }.ModelId);
        Assert.Equal("mine", new EmbeddingsOptions { Model = "mine" }.ModelId);
    }

    [Theory]
    [InlineData("Float32", EmbeddingPrecision.Float32)]
    [InlineData("INT8", EmbeddingPrecision.Int8)]
    [InlineData("int8", EmbeddingPrecision.Int8)]
    public void The_precision_is_read_case_insensitively(string setting, EmbeddingPrecision expected) =>
        Assert.Equal(expected, new EmbeddingsOptions { Precision = setting }.PrecisionValue);

    [Fact]
    public void The_failure_names_the_setting_and_its_values() =>
        Assert.Contains("PromptConsole:Embeddings:Precision 'fp16' is not one of Float32, Int8.",
            new EmbeddingsOptionsValidator().Validate(null, new EmbeddingsOptions { Precision = "fp16" }).FailureMessage, StringComparison.Ordinal);
}
