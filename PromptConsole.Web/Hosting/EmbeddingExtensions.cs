using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Embeddings;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Web.Hosting;

public static class EmbeddingExtensions
{
    /// <summary>
    /// <c>PromptConsole:Embeddings</c>: one <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for the host —
    /// all-MiniLM-L6-v2 in process (the default; the model loads on the first embedding) or an OpenAI-compatible
    /// endpoint. Validated when the host starts.
    /// </summary>
    public static IServiceCollection AddPromptConsoleEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EmbeddingsOptions>()
            .Bind(configuration.GetSection(EmbeddingsOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingsOptions>, EmbeddingsOptionsValidator>());

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
            return new MiniLmModel(options.IntraOpThreads, options.ModelPath, options.PrecisionValue);
        });
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
            if (EmbeddingProviders.IsOpenAi(options.Provider))
            {
                // The providers' pooled client (registered by AddPromptConsoleProviders) when there is one.
                var http = sp.GetService<IHttpClientFactory>()?.CreateClient(ProviderChatClients.HttpClientName) ?? new HttpClient();
                return OpenAiEmbeddingGenerator.Create(options.OpenAi, http);
            }

            return new MiniLmEmbeddingGenerator(sp.GetRequiredService<MiniLmModel>(), options, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
