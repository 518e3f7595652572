using System.Runtime.CompilerServices;
using Microsoft.FeatureManagement;

namespace PromptConsole.Web.Services.Flags;

/// <summary>Microsoft.FeatureManagement reads its feature definitions from the flags table, through <see cref="FlagDefinitionCache"/>.</summary>
public sealed class FlagDefinitionProvider(FlagDefinitionCache cache) : IFeatureDefinitionProvider
{
    public async Task<FeatureDefinition> GetFeatureDefinitionAsync(string featureName)
    {
        // FeatureManagement treats a null definition as a missing feature (IgnoreMissingFeatures).
        var flag = await cache.FindAsync(featureName);
        return flag?.Definition!;
    }

    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        var flags = await cache.GetAllAsync();
        foreach (var flag in flags.Values.OrderBy(f => f.Flag.Key, StringComparer.Ordinal))
            yield return flag.Definition;
    }
}
