using System.Text.Json;
using System.Text.Json.Serialization;
using PromptConsole.Domain.Caching;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Api;

/// <summary>The answer-agreement rule as sent and returned: <c>{method: "exact"|"embedding", threshold}</c>.</summary>
public sealed record SemanticAgreementBody(string? Method, double? Threshold);

/// <summary>One variable's override as sent: <c>{policy: "exact"|"semantic"|"ignore", threshold?}</c>.</summary>
public sealed record SemanticVariableBody(string? Policy, double? Threshold);

/// <summary><c>PUT /api/v1/prompts/{key}/semantic-cache</c>: missing fields keep their values; <c>variables</c>, when sent, replaces every override.</summary>
public sealed record SemanticCacheBody(
    string? Mode,
    double? Threshold,
    int? TtlSeconds,
    int? MaxEntries,
    double? VerificationRate,
    SemanticAgreementBody? Agreement,
    Dictionary<string, SemanticVariableBody?>? Variables)
{
    public SemanticCacheChange ToChange() => new(
        Mode,
        Threshold,
        TtlSeconds,
        MaxEntries,
        VerificationRate,
        Agreement?.Method,
        Agreement?.Threshold,
        Variables?.ToDictionary(v => v.Key, v => v.Value is null ? null : new SemanticVariableChange(v.Value.Policy, v.Value.Threshold), StringComparer.Ordinal));
}

/// <summary>One declared variable's effective policy: <c>source</c> says whether it is the type's default, the declaration's or an override.</summary>
public sealed record SemanticVariableView(string Policy, double? Threshold, string Source, string Type);

/// <summary>This instance's semantic figures for the prompt.</summary>
public sealed record SemanticFiguresView(
    long Lookups, long Hits, long Misses, double? HitRate, long ShadowAgreed, long ShadowDisagreed, long Verified,
    long Stored, long Entries, long EntryBytes, long Evictions, long Purged, long SavedTokens, decimal SavedCostUsd)
{
    public static SemanticFiguresView? From(SemanticCacheFigures? f) => f is null ? null : new(
        f.Lookups, f.Hits, f.Misses, f.HitRate, f.ShadowAgreed, f.ShadowDisagreed, f.Verified,
        f.Stored, f.Entries, f.EntryBytes, f.Evictions, f.Purged, f.SavedTokens, f.SavedCostUsd);
}

/// <summary><c>GET/PUT /api/v1/prompts/{key}/semantic-cache</c>: the settings and every declared variable's effective policy.</summary>
public sealed record SemanticCacheView(
    string PromptKey,
    string Mode,
    double Threshold,
    int TtlSeconds,
    int MaxEntries,
    double VerificationRate,
    SemanticAgreementBody Agreement,
    IReadOnlyDictionary<string, SemanticVariableView> Variables,
    SemanticFiguresView? Figures)
{
    public static SemanticCacheView From(SemanticCacheState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var s = state.Settings;
        return new SemanticCacheView(
            state.PromptKey,
            SemanticCacheChange.NameOf(s.Mode),
            s.Threshold,
            s.TtlSeconds,
            s.MaxEntries,
            s.VerificationRate,
            new SemanticAgreementBody(SemanticCacheChange.NameOf(s.Agreement.Method), s.Agreement.Threshold),
            state.Variables.ToDictionary(
                v => v.Name,
                v => new SemanticVariableView(
                    SemanticCacheChange.NameOf(v.Policy),
                    v.Policy == Domain.Prompts.CachePolicy.Semantic ? v.Threshold : null,
                    v.Source.ToString().ToLowerInvariant(),
                    v.Type.ToString().ToLowerInvariant()),
                StringComparer.Ordinal),
            SemanticFiguresView.From(state.Figures));
    }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(SemanticCacheBody))]
[JsonSerializable(typeof(SemanticCacheView))]
public sealed partial class SemanticCacheJsonContext : JsonSerializerContext;
