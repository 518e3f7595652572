using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Tests.Embeddings;

/// <summary>
/// <c>Provider = openai</c>: the OpenAI SDK's embedding client behind <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>,
/// pointed at an OpenAI-compatible server — here the gateway's own <c>/v1/embeddings</c> (MiniLM), so the answer is known.
/// </summary>
public sealed class OpenAiEmbeddingProviderTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_openai_provider_returns_the_servers_vectors_and_usage()
    {
        using var provider = OpenAiEmbeddingGenerator.Create(
            new OpenAiEmbeddingsOptions { BaseUrl = new Uri(app.Client.BaseAddress!, "/v1").ToString(), Model = MiniLmModel.ModelId, ApiKey = PromptConsoleFactory.MasterKey },
            app.Factory.CreateClient());
        var local = app.Factory.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var remote = await provider.GenerateAsync(["A man is playing a guitar.", "A child is riding a horse."]);
        var expected = await local.GenerateAsync(["A man is playing a guitar.", "A child is riding a horse."]);

        Assert.Equal(2, remote.Count);
        for (var i = 0; i < 2; i++)
            Assert.True(VectorMath.MaxAbsDifference(remote[i].Vector.Span, expected[i].Vector.Span) <= 1e-5);
        Assert.Equal(expected.Usage!.InputTokenCount, remote.Usage!.InputTokenCount);
    }
}
