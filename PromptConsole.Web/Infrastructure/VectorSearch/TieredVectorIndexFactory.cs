using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>Every partition starts flat and turns approximate past <see cref="VectorSearchOptions.FlatLimit"/>.</summary>
public sealed class TieredVectorIndexFactory(IOptions<VectorSearchOptions> options) : IVectorIndexFactory
{
    public IVectorIndex Create(int dimensions)
    {
        var settings = options.Value;
        return new TieredVectorIndex(dimensions, settings.FlatLimit, settings.ToSettings());
    }
}
