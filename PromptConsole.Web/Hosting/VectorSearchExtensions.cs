using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Web.Infrastructure.VectorSearch;

namespace PromptConsole.Web.Hosting;

public static class VectorSearchExtensions
{
    /// <summary><c>PromptConsole:VectorSearch</c>: the factory of the semantic cache's per-partition vector indexes.</summary>
    public static IServiceCollection AddPromptConsoleVectorSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VectorSearchOptions>()
            .Bind(configuration.GetSection(VectorSearchOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IVectorIndexFactory, TieredVectorIndexFactory>();
        return services;
    }
}
