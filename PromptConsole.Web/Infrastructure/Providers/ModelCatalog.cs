using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Execution;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>A callable model: its price entry, the name its provider knows it by, and whether the simulator serves it.</summary>
public sealed record CatalogModel(ModelPrice Price, string ProviderModel, bool Simulated)
{
    public string Model => Price.Model;

    public string Provider => Price.Provider;
}

/// <summary>
/// The models that can be called, read once from configuration. Models of a disabled provider are left
/// out entirely: they have no price, are not offered, and the invoker reports them as unknown.
/// </summary>
public sealed class ModelCatalog : IModelCatalog
{
    private readonly FrozenDictionary<string, CatalogModel> _models;

    public ModelCatalog(IOptions<ModelProvidersOptions> options)
        : this(options.Value)
    {
    }

    public ModelCatalog(ModelProvidersOptions options)
    {
        var models = new Dictionary<string, CatalogModel>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, model) in options.Models)
        {
            if (!options.Providers.TryGetValue(model.Provider, out var provider) || !provider.Enabled)
                continue;
            var price = new ModelPrice(name, model.Provider, model.InputPer1K, model.OutputPer1K, model.ContextWindow);
            var providerModel = string.IsNullOrWhiteSpace(model.ProviderModel) ? name : model.ProviderModel;
            models[name] = new CatalogModel(price, providerModel, ProviderKinds.IsSimulator(provider.Kind));
        }

        _models = models.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Entries = _models.Values.OrderBy(m => m.Model, StringComparer.Ordinal).ToArray();
        Models = Entries.Select(m => m.Price).ToArray();
        SimulatorServing = Entries.Any(m => m.Simulated);
    }

    /// <summary>Every callable model, ordered by name.</summary>
    public IReadOnlyList<CatalogModel> Entries { get; }

    public IReadOnlyList<ModelPrice> Models { get; }

    public bool SimulatorServing { get; }

    public ModelPrice? Find(string model) => _models.TryGetValue(model, out var entry) ? entry.Price : null;

    public bool IsSimulated(string model) => _models.TryGetValue(model, out var entry) && entry.Simulated;
}
