using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Tests.Domain.Caching;

/// <summary>How a raw conversation becomes a semantic-cache subject: what is compared, what must be equal, and the settings the configuration may ask for.</summary>
public sealed class ConversationSemanticCacheTests
{
    private static ConversationTurn[] Turns(params string[] roleAndText) =>
        roleAndText.Select(t => t.Split(':', 2)).Select(p => new ConversationTurn(p[0], p[1])).ToArray();

    [Theory]
    [InlineData("a single user message", new[] { "user:How do I reset my password?" }, ConversationSplitRefusal.None, "How do I reset my password?")]
    [InlineData("system then user: the user message is compared", new[] { "system:Answer briefly.", "user:What is a tide?" }, ConversationSplitRefusal.None, "What is a tide?")]
    [InlineData("several turns: only the last user message is compared", new[] { "system:Be nice.", "user:Hi", "assistant:Hello!", "user:What is a tide?" }, ConversationSplitRefusal.None, "What is a tide?")]
    [InlineData("the role is read whatever its case", new[] { "User:What is a tide?" }, ConversationSplitRefusal.None, "What is a tide?")]
    [InlineData("no message", new string[0], ConversationSplitRefusal.Empty, null)]
    [InlineData("an assistant prefill last", new[] { "user:List three tips.", "assistant:Sure:" }, ConversationSplitRefusal.LastTurnNotUser, null)]
    [InlineData("a system message last", new[] { "user:Hi", "system:Answer briefly." }, ConversationSplitRefusal.LastTurnNotUser, null)]
    [InlineData("a blank last user message", new[] { "system:Answer briefly.", "user:   " }, ConversationSplitRefusal.BlankText, null)]
    public void The_last_user_message_is_compared_and_a_conversation_that_has_none_is_not_a_subject(string rule, string[] turns, ConversationSplitRefusal refusal, string? compared)
    {
        var split = ConversationSemanticCache.Split(Turns(turns));

        Assert.True(refusal == split.Refusal, rule);
        Assert.Equal(compared, split.Compared);
        Assert.Equal(refusal == ConversationSplitRefusal.None, split.IsSubject);
    }

    [Fact]
    public void A_last_message_longer_than_the_embedding_window_is_not_a_subject()
    {
        var atLimit = ConversationSemanticCache.Split([new ConversationTurn("user", new string('a', ConversationSemanticCache.MaxComparedLength))]);
        var over = ConversationSemanticCache.Split([new ConversationTurn("user", new string('a', ConversationSemanticCache.MaxComparedLength + 1))]);

        Assert.True(atLimit.IsSubject);
        Assert.Equal(ConversationSplitRefusal.TooLong, over.Refusal);
    }

    [Theory]
    [InlineData("the same context and another question", new[] { "system:A", "user:q1" }, new[] { "system:A", "user:q2" }, true)]
    [InlineData("another system prompt", new[] { "system:A", "user:q" }, new[] { "system:B", "user:q" }, false)]
    [InlineData("a system prompt against none", new[] { "system:A", "user:q" }, new[] { "user:q" }, false)]
    [InlineData("another earlier user turn", new[] { "user:hi", "assistant:hello", "user:q" }, new[] { "user:hey", "assistant:hello", "user:q" }, false)]
    [InlineData("another earlier assistant turn", new[] { "user:hi", "assistant:hello", "user:q" }, new[] { "user:hi", "assistant:hi", "user:q" }, false)]
    [InlineData("a role swapped", new[] { "user:hi", "user:q" }, new[] { "assistant:hi", "user:q" }, false)]
    [InlineData("text imitating a message boundary", new[] { "system:a\nuser:1:b", "user:q" }, new[] { "system:a", "user:b", "user:q" }, false)]
    public void Everything_before_the_last_message_is_matched_exactly(string rule, string[] left, string[] right, bool samePartition)
    {
        string Partition(string[] turns, string? tenant = null, string model = "sim-fast")
        {
            var split = ConversationSemanticCache.Split(Turns(turns));
            var policies = ConversationSemanticCache.Policies(ConversationSemanticCache.DefaultThreshold);
            var values = new Dictionary<string, string> { [ConversationSemanticCache.ContextVariable] = split.Context!, [ConversationSemanticCache.TextVariable] = split.Compared! };
            return SemanticPartitionKey.Compute("_chat", 0, new ModelSettings(model, null, null, []), tenant, policies, values, "test-embeddings");
        }

        Assert.True(samePartition == (Partition(left) == Partition(right)), rule);
    }

    [Fact]
    public void Tenants_models_and_parameters_have_partitions_of_their_own()
    {
        var split = ConversationSemanticCache.Split(Turns("system:A", "user:q"));
        var policies = ConversationSemanticCache.Policies(0.95);
        var values = new Dictionary<string, string> { [ConversationSemanticCache.ContextVariable] = split.Context!, [ConversationSemanticCache.TextVariable] = split.Compared! };
        string Partition(ModelSettings model, string? tenant) => SemanticPartitionKey.Compute("_chat", 0, model, tenant, policies, values, "test-embeddings");
        var plain = new ModelSettings("sim-fast", null, null, []);

        string[] partitions =
        [
            Partition(plain, null),
            Partition(plain, "acme"),
            Partition(plain, "globex"),
            Partition(plain with { Model = "sim-smart" }, null),
            Partition(plain with { Temperature = 0.2 }, null),
            Partition(plain with { MaxTokens = 100 }, null),
            Partition(plain with { FallbackModels = ["sim-smart"] }, null),
        ];

        Assert.Equal(partitions.Length, partitions.Distinct().Count());
    }

    [Fact]
    public void The_compared_text_is_semantic_at_the_threshold_and_the_context_exact()
    {
        var policies = ConversationSemanticCache.Policies(0.97);

        Assert.Equal(CachePolicy.Exact, policies.Single(p => p.Name == ConversationSemanticCache.ContextVariable).Policy);
        var text = policies.Single(p => p.Name == ConversationSemanticCache.TextVariable);
        Assert.Equal((CachePolicy.Semantic, 0.97), (text.Policy, text.Threshold));
    }

    [Theory]
    [InlineData("off by default", false, null, 0.95, 3600, SemanticCacheMode.Off, null)]
    [InlineData("enabled without a mode starts in shadow", true, null, 0.95, 3600, SemanticCacheMode.Shadow, null)]
    [InlineData("enabled with a blank mode starts in shadow", true, " ", 0.95, 3600, SemanticCacheMode.Shadow, null)]
    [InlineData("serve", true, "serve", 0.95, 3600, SemanticCacheMode.Serve, null)]
    [InlineData("the mode in any case", true, "Shadow", 0.95, 3600, SemanticCacheMode.Shadow, null)]
    [InlineData("a mode while off is kept for when it is enabled", false, "serve", 0.95, 3600, SemanticCacheMode.Off, null)]
    [InlineData("off is not a mode here", true, "off", 0.95, 3600, null, "mode")]
    [InlineData("an unknown mode", true, "sometimes", 0.95, 3600, null, "mode")]
    [InlineData("a threshold of 1", true, "serve", 1.0, 3600, SemanticCacheMode.Serve, null)]
    [InlineData("a threshold of 0.5", true, "serve", 0.5, 3600, SemanticCacheMode.Serve, null)]
    [InlineData("a threshold above 1", true, "serve", 1.01, 3600, null, "threshold")]
    [InlineData("a negative threshold", true, "serve", -0.1, 3600, null, "threshold")]
    [InlineData("a threshold below the floor", true, "serve", 0.3, 3600, null, "threshold")]
    [InlineData("a threshold that is not a number", true, "serve", double.NaN, 3600, null, "threshold")]
    [InlineData("an invalid threshold while off", false, null, 2.0, 3600, null, "threshold")]
    [InlineData("no time to live", true, "serve", 0.95, 0, null, "ttlSeconds")]
    [InlineData("a time to live over 30 days", true, "serve", 0.95, 30 * 24 * 3600 + 1, null, "ttlSeconds")]
    public void The_configuration_is_checked_field_by_field(string rule, bool enabled, string? mode, double threshold, int ttlSeconds, SemanticCacheMode? expected, string? failingField)
    {
        var settings = ConversationSemanticCache.Settings(enabled, mode, threshold, ttlSeconds, SemanticCacheSettings.DefaultMaxEntries, SemanticCacheSettings.DefaultVerificationRate);

        if (failingField is not null)
        {
            Assert.False(settings.IsSuccess, rule);
            Assert.Equal(failingField, Assert.Single(settings.Error!.FieldErrors).Field);
            return;
        }

        Assert.True(settings.IsSuccess, rule);
        Assert.Equal(expected, settings.Value.Mode);
        Assert.Equal((threshold, ttlSeconds), (settings.Value.Threshold, settings.Value.TtlSeconds));
        Assert.Empty(settings.Value.Variables);
    }

    [Theory]
    [InlineData("no entries", 0, 0.05, "maxEntries")]
    [InlineData("too many entries", SemanticCacheSettings.MaxMaxEntries + 1, 0.05, "maxEntries")]
    [InlineData("a negative verification rate", 100, -0.01, "verificationRate")]
    [InlineData("a verification rate above 1", 100, 1.5, "verificationRate")]
    [InlineData("verifying every hit", 100, 1.0, null)]
    public void Entries_and_the_verification_rate_are_checked(string rule, int maxEntries, double verificationRate, string? failingField)
    {
        var settings = ConversationSemanticCache.Settings(true, "serve", 0.95, 3600, maxEntries, verificationRate);

        Assert.True(settings.IsSuccess == (failingField is null), rule);
        if (failingField is not null)
            Assert.Equal(failingField, Assert.Single(settings.Error!.FieldErrors).Field);
    }

    [Fact]
    public void The_default_threshold_is_stricter_than_a_prompts()
    {
        Assert.True(ConversationSemanticCache.DefaultThreshold > SemanticCacheSettings.DefaultThreshold);
    }
}
