using Microsoft.Extensions.Options;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// Section <c>PromptConsole:Cache:ChatCompletions:Semantic</c>: whole-prompt semantic matching for raw conversations on
/// <c>/v1/chat/completions</c> (<see cref="ConversationSemanticCache"/>). Off by default, as the issue asks: nobody opted
/// in for a raw conversation, and matching by meaning can serve a wrong answer where the exact cache cannot.
/// </summary>
public sealed class ChatCompletionSemanticCacheOptions
{
    public const string Section = ExactCacheOptions.Section + ":ChatCompletions:Semantic";

    public bool Enabled { get; set; }

    /// <summary><c>shadow</c> (the default when enabled: nothing is served, would-be hits are compared) or <c>serve</c>.</summary>
    public string? Mode { get; set; }

    /// <summary>The cosine similarity of the last user messages a hit needs; stricter than a prompt's by default.</summary>
    public double Threshold { get; set; } = ConversationSemanticCache.DefaultThreshold;

    public int TtlSeconds { get; set; } = ConversationSemanticCache.DefaultTtlSeconds;

    /// <summary>The most answers kept for raw conversations on each instance (every tenant and model together).</summary>
    public int MaxEntries { get; set; } = SemanticCacheSettings.DefaultMaxEntries;

    /// <summary>In serve mode, the share of hits still sent to the provider and compared (the false-hit estimate keeps learning).</summary>
    public double VerificationRate { get; set; } = SemanticCacheSettings.DefaultVerificationRate;

    /// <summary>
    /// Thresholds of single models (<c>ModelThresholds:&lt;model&gt; = 0.97</c>), replacing <see cref="Threshold"/> for
    /// conversations sent to them.
    /// </summary>
    public Dictionary<string, double> ModelThresholds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The settings these options describe, or why they are not valid (field names as the domain gives them).</summary>
    public Result<ConversationCacheSettings> ToSettings()
    {
        var shared = ConversationSemanticCache.Settings(Enabled, Mode, Threshold, TtlSeconds, MaxEntries, VerificationRate);
        var errors = (shared.IsSuccess ? (IReadOnlyList<FieldError>)[] : shared.Error!.FieldErrors).Concat(ConversationCacheSettings.CheckModelThresholds(ModelThresholds, isKnownModel: null)).ToArray();
        if (errors.Length > 0)
            return Error.Validation("invalid-semantic-cache-settings", "The semantic cache settings of raw conversations are not valid.", errors);
        return new ConversationCacheSettings(shared.Value, ModelThresholds);
    }
}

/// <summary>Refuses to start with semantic-cache settings of raw conversations that are not valid (even while it is off), naming each key.</summary>
public sealed class ChatCompletionSemanticCacheOptionsValidator : IValidateOptions<ExactCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ExactCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.ChatCompletions.Semantic.ToSettings();
        if (settings.IsSuccess)
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(settings.Error!.FieldErrors.Select(e =>
            $"{ChatCompletionSemanticCacheOptions.Section}:{char.ToUpperInvariant(e.Field[0])}{e.Field[1..].Replace('.', ':')}: {e.Message}"));
    }
}
