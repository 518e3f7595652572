using System.Globalization;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Caching;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Caching;

/// <summary>
/// <c>PromptConsole:Cache:ChatCompletions:Semantic</c>: the defaults (off, shadow once enabled, threshold 0.95, an hour)
/// and every invalid value refused at start, named by its configuration key.
/// </summary>
public sealed class ChatCompletionSemanticCacheOptionsTests
{
    private const string Section = "PromptConsole:Cache:ChatCompletions:Semantic";

    [Fact]
    public void The_defaults_are_off_with_a_stricter_threshold_than_prompts_and_an_hour()
    {
        var options = new ChatCompletionSemanticCacheOptions();
        var settings = options.ToSettings();

        Assert.True(settings.IsSuccess);
        Assert.Equal((SemanticCacheMode.Off, 0.95, 3600), (settings.Value.Shared.Mode, settings.Value.Shared.Threshold, settings.Value.Shared.TtlSeconds));
        Assert.Empty(settings.Value.ModelThresholds);
        Assert.Equal(ConversationCacheSettingsSource.Configuration, settings.Value.Source);
        Assert.Equal(SemanticCacheMode.Shadow, new ChatCompletionSemanticCacheOptions { Enabled = true }.ToSettings().Value.Shared.Mode);
    }

    [Fact]
    public void A_models_own_threshold_replaces_the_shared_one_for_that_model_only()
    {
        var options = new ChatCompletionSemanticCacheOptions { Enabled = true, Mode = "serve", Threshold = 0.95 };
        options.ModelThresholds["sim-smart"] = 0.98;

        var settings = options.ToSettings().Value;

        Assert.Equal(0.98, settings.For("sim-smart").Threshold);
        Assert.Equal(SemanticCacheMode.Serve, settings.For("sim-smart").Mode);
        Assert.Same(settings.Shared, settings.For("sim-fast"));
    }

    [Theory]
    [InlineData("the defaults", null, null, null)]
    [InlineData("serve mode", "Mode=serve", null, null)]
    [InlineData("shadow mode", "Mode=shadow", null, null)]
    [InlineData("an unknown mode", "Mode=always", "Mode", null)]
    [InlineData("off as a mode", "Mode=off", "Mode", null)]
    [InlineData("a threshold of exactly 1", "Threshold=1", null, null)]
    [InlineData("a threshold above 1", "Threshold=1.5", "Threshold", null)]
    [InlineData("a negative threshold", "Threshold=-0.2", "Threshold", null)]
    [InlineData("a threshold at which everything matches", "Threshold=0.1", "Threshold", null)]
    [InlineData("no time to live", "TtlSeconds=0", "TtlSeconds", null)]
    [InlineData("a time to live over 30 days", "TtlSeconds=2592001", "TtlSeconds", null)]
    [InlineData("no entries", "MaxEntries=0", "MaxEntries", null)]
    [InlineData("a verification rate above 1", "VerificationRate=2", "VerificationRate", null)]
    [InlineData("two problems named together", "Threshold=7", "Threshold", "TtlSeconds=-1")]
    [InlineData("a model's own threshold", "ModelThresholds:sim-smart=0.98", null, null)]
    [InlineData("a model's own threshold above 1", "ModelThresholds:sim-smart=1.2", "ModelThresholds:sim-smart", null)]
    [InlineData("a model's own threshold below the floor", "ModelThresholds:sim-fast=0.2", "ModelThresholds:sim-fast", null)]
    public void Invalid_settings_are_named_by_their_key(string rule, string? change, string? failing, string? change2)
    {
        var options = new ExactCacheOptions();
        options.ChatCompletions.Semantic.Enabled = true;
        Apply(options.ChatCompletions.Semantic, change);
        Apply(options.ChatCompletions.Semantic, change2);

        var result = new ChatCompletionSemanticCacheOptionsValidator().Validate(null, options);

        if (failing is null)
        {
            Assert.True(result.Succeeded, rule);
            return;
        }

        Assert.True(result.Failed, rule);
        Assert.Contains($"{Section}:{failing}:", result.FailureMessage, StringComparison.Ordinal);
        if (change2 is not null)
            Assert.Contains($"{Section}:{change2.Split('=')[0]}:", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_application_refuses_to_start_with_an_invalid_threshold_even_while_it_is_off()
    {
        using var app = new PromptConsoleFactory().WithSetting($"{Section}:Threshold", "1.5");

        var exception = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains($"{Section}:Threshold: The threshold is a cosine similarity between 0.5 and 1.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_application_refuses_to_start_with_an_invalid_per_model_threshold_named_by_its_key()
    {
        using var app = new PromptConsoleFactory().WithSetting($"{Section}:ModelThresholds:sim-smart", "3");

        var exception = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains($"{Section}:ModelThresholds:sim-smart: The threshold is a cosine similarity between 0.5 and 1.", exception.Message, StringComparison.Ordinal);
    }

    private static void Apply(ChatCompletionSemanticCacheOptions options, string? change)
    {
        if (change is null)
            return;
        var (name, value) = (change.Split('=')[0], change.Split('=')[1]);
        switch (name)
        {
            case "Mode": options.Mode = value; break;
            case "Threshold": options.Threshold = double.Parse(value, CultureInfo.InvariantCulture); break;
            case "TtlSeconds": options.TtlSeconds = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "MaxEntries": options.MaxEntries = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "VerificationRate": options.VerificationRate = double.Parse(value, CultureInfo.InvariantCulture); break;
            case var model when model.StartsWith("ModelThresholds:", StringComparison.Ordinal):
                options.ModelThresholds[model["ModelThresholds:".Length..]] = double.Parse(value, CultureInfo.InvariantCulture);
                break;
            default: throw new ArgumentException(name);
        }
    }
}
