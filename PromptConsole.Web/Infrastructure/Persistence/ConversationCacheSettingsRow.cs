using PromptConsole.Domain.Caching;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// Table <c>ConversationCacheSettings</c>: the semantic cache settings of raw conversations as an operator last saved
/// them (one row, <see cref="SingletonId"/>). No row means configuration decides. A saved row wins over configuration,
/// so a restart keeps what the console set; its save bumps the configuration version, so every instance follows.
/// </summary>
public sealed class ConversationCacheSettingsRow
{
    public const int SingletonId = 1;
    public const int MaxModeLength = 16;
    public const int MaxActorLength = 200;

    private ConversationCacheSettingsRow()
    {
        Mode = UpdatedBy = string.Empty;
        ModelThresholds = new Dictionary<string, double>(StringComparer.Ordinal);
    }

    public ConversationCacheSettingsRow(ConversationCacheSettings settings, string actor, DateTimeOffset now)
        : this()
    {
        Id = SingletonId;
        Apply(settings, actor, now);
    }

    public int Id { get; private set; }

    /// <summary>off, shadow or serve.</summary>
    public string Mode { get; private set; }

    public double Threshold { get; private set; }

    public int TtlSeconds { get; private set; }

    public int MaxEntries { get; private set; }

    public double VerificationRate { get; private set; }

    /// <summary>Per-model thresholds, one JSON object (model → threshold).</summary>
    public Dictionary<string, double> ModelThresholds { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; }

    public void Apply(ConversationCacheSettings settings, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var shared = settings.Shared;
        Mode = SemanticCacheChange.NameOf(shared.Mode);
        Threshold = shared.Threshold;
        TtlSeconds = shared.TtlSeconds;
        MaxEntries = shared.MaxEntries;
        VerificationRate = shared.VerificationRate;
        ModelThresholds = new Dictionary<string, double>(settings.ModelThresholds, StringComparer.Ordinal);
        UpdatedAt = now;
        UpdatedBy = actor.Length > MaxActorLength ? actor[..MaxActorLength] : actor;
    }

    /// <summary>The settings this row holds; the answer-agreement rule is the default, as for raw conversations from configuration.</summary>
    public ConversationCacheSettings ToSettings() =>
        new(
            SemanticCacheSettings.Off with
            {
                Mode = SemanticCacheChange.ParseMode(Mode) ?? SemanticCacheMode.Off,
                Threshold = Threshold,
                TtlSeconds = TtlSeconds,
                MaxEntries = MaxEntries,
                VerificationRate = VerificationRate,
            },
            ModelThresholds)
        {
            Source = ConversationCacheSettingsSource.Saved,
            UpdatedAt = UpdatedAt,
            UpdatedBy = UpdatedBy,
        };
}
