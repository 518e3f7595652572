using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// A flag ready for the request path: its targeting compiled, its variant values parsed once, and its
/// Microsoft.FeatureManagement definition.
/// </summary>
public sealed class CachedFlag
{
    private CachedFlag(FeatureFlag flag, CompiledTargeting? targeting)
    {
        Flag = flag;
        Targeting = targeting;
        Values = flag.Variants.ToDictionary(v => v.Name, v => ParseValue(v.Value), StringComparer.Ordinal);
        Definition = FeatureDefinitionOf(flag);
    }

    public FeatureFlag Flag { get; }

    /// <summary>Null when the stored targeting no longer compiles: then the flag targets no one and serves its default.</summary>
    public CompiledTargeting? Targeting { get; }

    public IReadOnlyDictionary<string, JsonElement> Values { get; }

    public FeatureDefinition Definition { get; }

    public static CachedFlag From(FeatureFlag flag)
    {
        var targeting = CompiledTargeting.Compile(flag.Targeting, flag.Key);
        return new CachedFlag(flag, targeting.IsSuccess ? targeting.Value : null);
    }

    /// <summary>
    /// Our flag in FeatureManagement's terms. Off → status Disabled (no filter runs, DefaultWhenDisabled).
    /// On → one filter, <see cref="FlagTargetingFilter"/>, which applies our targeting conditions; a miss
    /// counts as disabled. Variants carry our JSON text as their configuration value; the default
    /// variant is both DefaultWhenDisabled and DefaultWhenEnabled; the rollout slices are the percentile
    /// allocation, seeded with the flag key so that a subject's slice survives restarts and is the same
    /// on every instance.
    /// </summary>
    public static FeatureDefinition FeatureDefinitionOf(FeatureFlag flag) => new()
    {
        Name = flag.Key,
        Status = flag.Enabled ? FeatureStatus.Conditional : FeatureStatus.Disabled,
        RequirementType = RequirementType.Any,
        EnabledFor = [new FeatureFilterConfiguration { Name = FlagTargetingFilter.Alias, Parameters = EmptyParameters }],
        Variants = flag.Variants.Select(v => new VariantDefinition { Name = v.Name, ConfigurationValue = ValueSection(v.Value) }).ToArray(),
        Allocation = new Allocation
        {
            DefaultWhenDisabled = flag.DefaultVariant,
            DefaultWhenEnabled = flag.DefaultVariant,
            Percentile = flag.Rollout.Select(s => new PercentileAllocation { Variant = s.Variant, From = s.From, To = s.To }).ToArray(),
            Seed = flag.Key,
        },
    };

    private static readonly IConfiguration EmptyParameters = new ConfigurationBuilder().Build();

    /// <summary>The JSON text as a configuration value: <c>variant.Configuration.Value</c> is the JSON.</summary>
    private static IConfigurationSection ValueSection(string json) =>
        new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>("value", json)]).Build().GetSection("value");

    private static JsonElement ParseValue(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
