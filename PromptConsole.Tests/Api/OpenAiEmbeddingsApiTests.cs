using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Embeddings;
using PromptConsole.Tests.Embeddings;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

/// <summary><c>POST /v1/embeddings</c> through the real app, as the official OpenAI SDK and raw HTTP see it.</summary>
public sealed class OpenAiEmbeddingsApiTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Model = "all-minilm-l6-v2";

    private EmbeddingClient Client(string model = Model)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(app.Client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(app.Factory.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(0),
        };
        return new EmbeddingClient(model, new ApiKeyCredential(PromptConsoleFactory.MasterKey), options);
    }

    private async Task<float[]> InProcessAsync(string text)
    {
        var generator = app.Factory.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        return (await generator.GenerateVectorAsync(text)).ToArray();
    }

    [Fact]
    public async Task Official_sdk_embeds_one_input_with_384_dimensions_and_usage()
    {
        // The SDK asks for base64 by default and decodes it.
        OpenAIEmbedding embedding = await Client().GenerateEmbeddingAsync("How do I reset my password?");

        var vector = embedding.ToFloats().ToArray();
        var inProcess = await InProcessAsync("How do I reset my password?");
        Assert.Equal(384, vector.Length);
        Assert.True(VectorMath.MaxAbsDifference(vector, inProcess) <= 1e-5);
    }

    [Fact]
    public async Task Official_sdk_embeds_a_list_in_order_with_usage()
    {
        string[] texts = ["A man is playing a guitar.", "A child is riding a horse.", "Write a haiku about autumn leaves."];

        OpenAIEmbeddingCollection embeddings = await Client().GenerateEmbeddingsAsync(texts);

        Assert.Equal([0, 1, 2], embeddings.Select(e => e.Index));
        Assert.Equal(Model, embeddings.Model);
        Assert.True(embeddings.Usage.InputTokenCount > texts.Length * 2);
        Assert.Equal(embeddings.Usage.InputTokenCount, embeddings.Usage.TotalTokenCount);
        for (var i = 0; i < texts.Length; i++)
        {
            var inProcess = await InProcessAsync(texts[i]);
            Assert.True(VectorMath.MaxAbsDifference(embeddings[i].ToFloats().ToArray(), inProcess) <= 1e-5);
        }
    }

    [Fact]
    public async Task Microsoft_extensions_ai_over_the_sdk_reads_the_gateway_as_an_embedding_generator()
    {
        using var generator = Client().AsIEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync(["hello world"]);

        Assert.Equal(384, embeddings[0].Vector.Length);
        Assert.True(embeddings.Usage?.InputTokenCount > 0);
    }

    [Fact]
    public async Task A_raw_request_gets_the_openai_shape_with_floats_or_base64()
    {
        var floats = await app.Client.PostJsonAsync("/v1/embeddings", new { model = Model, input = "hello world" });
        var base64 = await app.Client.PostJsonAsync("/v1/embeddings", new { model = Model, input = new[] { "hello world" }, encoding_format = "base64" });

        Assert.Equal(HttpStatusCode.OK, floats.Status);
        Assert.Equal(("list", Model), ((string?)floats.Body!["object"], (string?)floats.Body["model"]));
        var datum = floats.Body["data"]![0]!;
        Assert.Equal(("embedding", 0), ((string?)datum["object"], (int)datum["index"]!));
        var fromFloats = datum["embedding"]!.AsArray().Select(n => (float)n!).ToArray();
        Assert.Equal(384, fromFloats.Length);
        Assert.True((int)floats.Body["usage"]!["prompt_tokens"]! == (int)floats.Body["usage"]!["total_tokens"]!);
        Assert.Equal(4, (int)floats.Body["usage"]!["prompt_tokens"]!); // [CLS] hello world [SEP]

        Assert.Equal(HttpStatusCode.OK, base64.Status);
        var bytes = Convert.FromBase64String((string)base64.Body!["data"]![0]!["embedding"]!);
        Assert.Equal(fromFloats, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_with_the_openai_error_object()
    {
        var (status, body, _) = await app.Client.PostJsonAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = "hi" });

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("https://promptconsole.dev/problems/model-not-found", (string?)body!["type"]);
        Assert.Equal(("invalid_request_error", "model-not-found"), ((string?)body["error"]!["type"], (string?)body["error"]!["code"]));

        var sdkError = await Assert.ThrowsAsync<ClientResultException>(() => Client("text-embedding-3-small").GenerateEmbeddingAsync("hi"));
        Assert.Equal(404, sdkError.Status);
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "no body", "", "body" },
        { "not JSON", "{", "body" },
        { "input missing", """{"model":"all-minilm-l6-v2"}""", "input" },
        { "input null", """{"model":"all-minilm-l6-v2","input":null}""", "input" },
        { "empty string", """{"model":"all-minilm-l6-v2","input":""}""", "input" },
        { "empty list", """{"model":"all-minilm-l6-v2","input":[]}""", "input" },
        { "empty item", """{"model":"all-minilm-l6-v2","input":["fine",""]}""", "input[1]" },
        { "number item", """{"model":"all-minilm-l6-v2","input":["fine",42]}""", "input[1]" },
        { "token array", """{"model":"all-minilm-l6-v2","input":[[101,7592,102]]}""", "input[0]" },
        { "object input", """{"model":"all-minilm-l6-v2","input":{"text":"hi"}}""", "input" },
        { "too many items", $$"""{"model":"all-minilm-l6-v2","input":[{{string.Join(',', Enumerable.Repeat("\"x\"", 2049))}}]}""", "input" },
        { "too long", $$"""{"model":"all-minilm-l6-v2","input":"{{new string('a', 32_769)}}"}""", "input" },
        { "model missing", """{"input":"hi"}""", "model" },
        { "unknown encoding", """{"model":"all-minilm-l6-v2","input":"hi","encoding_format":"int8"}""", "encoding_format" },
        { "other dimensions", """{"model":"all-minilm-l6-v2","input":"hi","dimensions":256}""", "dimensions" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string name, string body, string field)
    {
        var (status, problem, _) = await app.Client.PostJsonAsync("/v1/embeddings", body);

        Assert.True(status == HttpStatusCode.BadRequest, $"{name}: {status} {problem?.ToJsonString()}");
        Assert.Contains(problem!["errors"]!.AsArray(), e => (string?)e!["field"] == field);
        Assert.Equal("invalid_request_error", (string?)problem["error"]!["type"]);
    }
}
