using System.Text.Json;
using System.Text.Json.Serialization;
using PromptConsole.Domain.Caching;

namespace PromptConsole.Web.Api;

/// <summary>
/// <c>PUT /api/v1/gateway/semantic-cache</c>: missing fields keep their values; <c>modelThresholds</c>, when sent,
/// replaces every per-model threshold (<c>null</c> for a model drops its own).
/// </summary>
public sealed record ConversationSemanticCacheBody(
    string? Mode,
    double? Threshold,
    int? TtlSeconds,
    int? MaxEntries,
    double? VerificationRate,
    Dictionary<string, double?>? ModelThresholds)
{
    public ConversationSemanticCacheChange ToChange() => new(Mode, Threshold, TtlSeconds, MaxEntries, VerificationRate, ModelThresholds);
}

/// <summary>
/// <c>GET/PUT /api/v1/gateway/semantic-cache</c>: the semantic cache settings of raw conversations in force;
/// <c>source</c> is <c>configuration</c> until an operator saves them, then <c>saved</c> (with who and when).
/// </summary>
public sealed record ConversationSemanticCacheView(
    string Mode,
    double Threshold,
    int TtlSeconds,
    int MaxEntries,
    double VerificationRate,
    IReadOnlyDictionary<string, double> ModelThresholds,
    string Source,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy)
{
    public static ConversationSemanticCacheView From(ConversationCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var s = settings.Shared;
        return new ConversationSemanticCacheView(
            SemanticCacheChange.NameOf(s.Mode),
            s.Threshold,
            s.TtlSeconds,
            s.MaxEntries,
            s.VerificationRate,
            settings.ModelThresholds,
            settings.Source.ToString().ToLowerInvariant(),
            settings.UpdatedAt,
            settings.UpdatedBy);
    }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ConversationSemanticCacheBody))]
[JsonSerializable(typeof(ConversationSemanticCacheView))]
public sealed partial class ConversationSemanticCacheJsonContext : JsonSerializerContext;
