using PromptConsole.Domain.Caching;

namespace PromptConsole.Tests.Domain.Caching;

/// <summary>
/// An operator's change of the semantic cache of raw conversations, case by case: what each field does to the settings
/// in force, every invalid value named by its field, per-model thresholds replaced as a whole and only for models the
/// catalog serves.
/// </summary>
public sealed class ConversationSemanticCacheChangeTests
{
    private static readonly string[] Catalog = ["sim-fast", "sim-smart"];

    private static ConversationCacheSettings Off => ConversationCacheSettings.Off;

    private static ConversationCacheSettings Serving(params (string Model, double Threshold)[] models) =>
        new(SemanticCacheSettings.Off with { Mode = SemanticCacheMode.Serve, Threshold = 0.95 }, models.ToDictionary(m => m.Model, m => m.Threshold));

    private static PromptConsole.Domain.Common.Result<ConversationCacheSettings> Apply(ConversationSemanticCacheChange change, ConversationCacheSettings current) =>
        change.Apply(current, Catalog.Contains);

    public static TheoryData<string, ConversationSemanticCacheChange, SemanticCacheMode> Modes => new()
    {
        { "serve", new ConversationSemanticCacheChange(Mode: "serve"), SemanticCacheMode.Serve },
        { "shadow, any case and spacing", new ConversationSemanticCacheChange(Mode: " Shadow "), SemanticCacheMode.Shadow },
        { "off switches it off", new ConversationSemanticCacheChange(Mode: "off", Threshold: 0.97), SemanticCacheMode.Off },
        { "a threshold while off switches it on in shadow", new ConversationSemanticCacheChange(Threshold: 0.97), SemanticCacheMode.Shadow },
        { "a model's threshold while off switches it on in shadow", new ConversationSemanticCacheChange(ModelThresholds: new Dictionary<string, double?> { ["sim-fast"] = 0.97 }), SemanticCacheMode.Shadow },
        { "nothing keeps it off", new ConversationSemanticCacheChange(), SemanticCacheMode.Off },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_mode_follows_the_change(string rule, ConversationSemanticCacheChange change, SemanticCacheMode expected)
    {
        var applied = Apply(change, Off);

        Assert.True(applied.IsSuccess, rule);
        Assert.Equal(expected, applied.Value.Shared.Mode);
    }

    public static TheoryData<string, ConversationSemanticCacheChange, string[]> Invalid => new()
    {
        { "an unknown mode", new ConversationSemanticCacheChange(Mode: "sometimes"), ["mode"] },
        { "a threshold above 1", new ConversationSemanticCacheChange(Threshold: 1.01), ["threshold"] },
        { "a threshold below the floor", new ConversationSemanticCacheChange(Threshold: 0.4), ["threshold"] },
        { "a threshold that is not a number", new ConversationSemanticCacheChange(Threshold: double.NaN), ["threshold"] },
        { "no time to live", new ConversationSemanticCacheChange(TtlSeconds: 0), ["ttlSeconds"] },
        { "no entries", new ConversationSemanticCacheChange(MaxEntries: 0), ["maxEntries"] },
        { "a verification rate above 1", new ConversationSemanticCacheChange(VerificationRate: 1.5), ["verificationRate"] },
        { "a model the catalog does not serve", new ConversationSemanticCacheChange(ModelThresholds: new Dictionary<string, double?> { ["gpt-nope"] = 0.97 }), ["modelThresholds.gpt-nope"] },
        { "a model's threshold above 1", new ConversationSemanticCacheChange(ModelThresholds: new Dictionary<string, double?> { ["sim-fast"] = 2 }), ["modelThresholds.sim-fast"] },
        { "a model's emptied threshold", new ConversationSemanticCacheChange(ModelThresholds: new Dictionary<string, double?> { ["sim-fast"] = double.NaN }), ["modelThresholds.sim-fast"] },
        { "a model without a name", new ConversationSemanticCacheChange(ModelThresholds: new Dictionary<string, double?> { [" "] = 0.97 }), ["modelThresholds"] },
        {
            "every problem named together",
            new ConversationSemanticCacheChange(Mode: "x", Threshold: 3, ModelThresholds: new Dictionary<string, double?> { ["gpt-nope"] = 0.97, ["sim-smart"] = 0.1 }),
            ["mode", "threshold", "modelThresholds.gpt-nope", "modelThresholds.sim-smart"]
        },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Every_invalid_value_is_named_by_its_field_and_nothing_is_applied(string rule, ConversationSemanticCacheChange change, string[] fields)
    {
        var applied = Apply(change, Serving(("sim-smart", 0.98)));

        Assert.False(applied.IsSuccess, rule);
        Assert.Equal("invalid-semantic-cache-settings", applied.Error!.Code);
        Assert.Equal(fields.Order(StringComparer.Ordinal), applied.Error.FieldErrors.Select(f => f.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Missing_fields_keep_the_settings_in_force_and_model_thresholds_are_kept_unless_sent()
    {
        var applied = Apply(new ConversationSemanticCacheChange(TtlSeconds: 600), Serving(("sim-smart", 0.98)));

        Assert.True(applied.IsSuccess);
        Assert.Equal((SemanticCacheMode.Serve, 0.95, 600), (applied.Value.Shared.Mode, applied.Value.Shared.Threshold, applied.Value.Shared.TtlSeconds));
        Assert.Equal(0.98, Assert.Single(applied.Value.ModelThresholds).Value);
    }

    [Fact]
    public void Sent_model_thresholds_replace_every_one_and_a_null_drops_a_models_own()
    {
        var current = Serving(("sim-smart", 0.98), ("sim-fast", 0.96));

        var applied = Apply(new ConversationSemanticCacheChange(ModelThresholds: new Dictionary<string, double?> { ["sim-fast"] = 0.99, ["sim-smart"] = null }), current);

        Assert.True(applied.IsSuccess);
        Assert.Equal(new Dictionary<string, double> { ["sim-fast"] = 0.99 }, applied.Value.ModelThresholds);
        Assert.Equal(0.99, applied.Value.For("sim-fast").Threshold);
        Assert.Equal(0.95, applied.Value.For("sim-smart").Threshold);
    }

    [Fact]
    public void A_models_own_settings_differ_from_the_shared_ones_only_in_the_threshold_and_are_made_once()
    {
        var settings = Serving(("sim-smart", 0.99));

        var own = settings.For("sim-smart");

        Assert.Equal(settings.Shared with { Threshold = 0.99 }, own);
        Assert.Same(own, settings.For("sim-smart"));
        Assert.Same(settings.Shared, settings.For("any-other-model"));
    }

    [Fact]
    public void The_audit_line_names_the_mode_the_thresholds_and_each_models_own()
    {
        var text = ConversationSemanticCacheChange.Describe(Serving(("sim-smart", 0.99)));

        Assert.Equal("serve at 0.95, ttl 86400 s, at most 10000 entries, verifying 0.05; sim-smart at 0.99", text);
    }
}
