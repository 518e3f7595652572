using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// <c>Provider = openai</c>: an OpenAI-compatible <c>/embeddings</c> endpoint through the OpenAI SDK, seen as an
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (Microsoft.Extensions.AI.OpenAI). The provider batches
/// a request's inputs itself, so nothing is micro-batched here.
/// </summary>
public static class OpenAiEmbeddingGenerator
{
    /// <summary>Some local servers (Ollama, LM Studio) need no key, but the SDK insists on one.</summary>
    private const string PlaceholderApiKey = "no-key";

    public static IEmbeddingGenerator<string, Embedding<float>> Create(OpenAiEmbeddingsOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        var apiKey = !string.IsNullOrEmpty(options.ApiKey) || string.IsNullOrEmpty(options.ApiKeyEnvironmentVariable)
            ? options.ApiKey
            : Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable);
        var client = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? PlaceholderApiKey : apiKey),
            new OpenAIClientOptions
            {
                Endpoint = new Uri(options.BaseUrl!),
                Transport = new HttpClientPipelineTransport(httpClient),
            });
        return client.GetEmbeddingClient(options.Model).AsIEmbeddingGenerator(options.Dimensions);
    }
}
