using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Tests.Domain.Caching;

public sealed class SemanticCacheSettingsTests
{
    private static readonly VariableDeclaration[] Declarations =
    [
        new("message", VariableType.Text),
        new("customer_name", VariableType.String),
        new("amount", VariableType.Number),
        new("count", VariableType.Integer),
        new("urgent", VariableType.Boolean),
        new("due", VariableType.Date),
        new("tone", VariableType.Enum, AllowedValues: ["friendly"]),
        new("order_id", VariableType.Id),
        new("snippet", VariableType.Code),
        new("payload", VariableType.Json),
        new("notes", VariableType.Text, Cache: CachePolicy.Ignore),
    ];

    private static readonly string[] Names = Declarations.Select(d => d.Name).ToArray();

    [Theory]
    [InlineData("message", CachePolicy.Semantic, PolicySource.Type)]
    [InlineData("customer_name", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("amount", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("count", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("urgent", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("due", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("tone", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("order_id", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("snippet", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("payload", CachePolicy.Exact, PolicySource.Type)]
    [InlineData("notes", CachePolicy.Ignore, PolicySource.Declaration)]
    public void Defaults_come_from_the_declared_type_unless_the_declaration_says_otherwise(string name, CachePolicy policy, PolicySource source)
    {
        var resolved = SemanticVariablePolicies.Resolve(Declarations, SemanticCacheSettings.Off).Single(p => p.Name == name);
        Assert.Equal(policy, resolved.Policy);
        Assert.Equal(source, resolved.Source);
    }

    [Fact]
    public void Overrides_win_and_carry_their_threshold()
    {
        var change = new SemanticCacheChange(Mode: "shadow", Variables: new Dictionary<string, SemanticVariableChange?>
        {
            ["customer_name"] = new("semantic", 0.97),
            ["message"] = new("ignore", null),
        });
        var settings = change.Apply(SemanticCacheSettings.Off, Names, Declarations).Value;
        var resolved = SemanticVariablePolicies.Resolve(Declarations, settings);

        Assert.Equal(CachePolicy.Semantic, resolved.Single(p => p.Name == "customer_name").Policy);
        Assert.Equal(0.97, resolved.Single(p => p.Name == "customer_name").Threshold);
        Assert.Equal(PolicySource.Override, resolved.Single(p => p.Name == "customer_name").Source);
        Assert.Equal(CachePolicy.Ignore, resolved.Single(p => p.Name == "message").Policy);
    }

    [Fact]
    public void Switched_on_for_the_first_time_without_a_mode_it_starts_in_shadow_with_the_defaults()
    {
        var settings = new SemanticCacheChange(Threshold: 0.9).Apply(SemanticCacheSettings.Off, Names, Declarations).Value;

        Assert.Equal(SemanticCacheMode.Shadow, settings.Mode);
        Assert.Equal(0.9, settings.Threshold);
        Assert.Equal(0.05, settings.VerificationRate);
        Assert.Equal(new AnswerAgreement(AnswerAgreementMethod.Embedding, 0.95), settings.Agreement);

        var serving = new SemanticCacheChange(Mode: "serve").Apply(settings, Names, Declarations).Value;
        var kept = new SemanticCacheChange(Threshold: 0.93).Apply(serving, Names, Declarations).Value;
        Assert.Equal(SemanticCacheMode.Serve, kept.Mode);
        Assert.Equal(0.93, kept.Threshold);
    }

    public static TheoryData<string, SemanticCacheChange, string> Invalid => new()
    {
        { "unknown mode", new SemanticCacheChange(Mode: "always"), "mode" },
        { "threshold above one", new SemanticCacheChange(Mode: "shadow", Threshold: 1.2), "threshold" },
        { "threshold too low", new SemanticCacheChange(Mode: "shadow", Threshold: 0.1), "threshold" },
        { "zero TTL", new SemanticCacheChange(Mode: "shadow", TtlSeconds: 0), "ttlSeconds" },
        { "no entries", new SemanticCacheChange(Mode: "shadow", MaxEntries: 0), "maxEntries" },
        { "rate above one", new SemanticCacheChange(Mode: "shadow", VerificationRate: 1.5), "verificationRate" },
        { "unknown agreement", new SemanticCacheChange(Mode: "shadow", AgreementMethod: "evaluator"), "agreement.method" },
        { "agreement threshold zero", new SemanticCacheChange(Mode: "shadow", AgreementThreshold: 0), "agreement.threshold" },
        { "unknown variable", new SemanticCacheChange(Mode: "shadow", Variables: new Dictionary<string, SemanticVariableChange?> { ["foo"] = new("exact", null) }), "variables.foo" },
        { "unknown policy", new SemanticCacheChange(Mode: "shadow", Variables: new Dictionary<string, SemanticVariableChange?> { ["message"] = new("fuzzy", null) }), "variables.message.policy" },
        { "threshold on an exact variable", new SemanticCacheChange(Mode: "shadow", Variables: new Dictionary<string, SemanticVariableChange?> { ["amount"] = new(null, 0.9) }), "variables.amount.threshold" },
        { "no semantic variable left", new SemanticCacheChange(Mode: "serve", Variables: new Dictionary<string, SemanticVariableChange?> { ["message"] = new("exact", null) }), "variables" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Bad_settings_name_their_field(string name, SemanticCacheChange change, string field)
    {
        Assert.NotEmpty(name);
        var result = change.Apply(SemanticCacheSettings.Off, Names, Declarations);

        Assert.False(result.IsSuccess);
        Assert.Equal("invalid-semantic-cache-settings", result.Error!.Code);
        Assert.Contains(result.Error.FieldErrors, e => e.Field == field);
    }

    [Fact]
    public void A_prompt_audits_a_real_change_and_ignores_a_repeat()
    {
        var prompt = DomainFixtures.NewPrompt();
        prompt.AddVersion(DomainFixtures.Draft("Reply to {{message}}", new VariableDeclaration("message", VariableType.Text)), DomainFixtures.Actor, DomainFixtures.Now);
        prompt.ClearPendingAudit();
        var revision = prompt.Revision;

        var first = prompt.ConfigureSemanticCache(new SemanticCacheChange(Mode: "shadow"), DomainFixtures.Actor, DomainFixtures.Now);
        var again = prompt.ConfigureSemanticCache(new SemanticCacheChange(Mode: "shadow"), DomainFixtures.Actor, DomainFixtures.Now);

        Assert.True(first.IsSuccess);
        Assert.True(again.IsSuccess);
        Assert.Equal(SemanticCacheMode.Shadow, prompt.SemanticCache.Mode);
        Assert.Equal(revision + 1, prompt.Revision);
        var audit = Assert.Single(prompt.PendingAudit);
        Assert.StartsWith("Semantic cache shadow", audit.Summary, StringComparison.Ordinal);
        Assert.Equal(SemanticCacheMode.Shadow, PromptSnapshot.From(prompt).SemanticCache.Mode);
    }

    [Fact]
    public void The_partition_changes_with_exact_variables_tenant_version_and_embedding_model_but_not_with_ignored_or_semantic_ones()
    {
        var policies = SemanticVariablePolicies.Resolve(Declarations, SemanticCacheSettings.Off);
        var model = new ModelSettings("sim-fast", 0.2, 300);
        var values = Names.ToDictionary(n => n, n => "x");
        string Key(int version = 1, string? tenant = "acme", IReadOnlyDictionary<string, string>? v = null, string embedding = "all-minilm-l6-v2/fp32/384") =>
            SemanticPartitionKey.Compute("support-reply", version, model, tenant, policies, v ?? values, embedding);

        Assert.Equal(Key(), Key(v: new Dictionary<string, string>(values) { ["message"] = "other", ["notes"] = "other" }));
        Assert.NotEqual(Key(), Key(v: new Dictionary<string, string>(values) { ["amount"] = "2" }));
        Assert.NotEqual(Key(), Key(version: 2));
        Assert.NotEqual(Key(), Key(tenant: "globex"));
        Assert.NotEqual(Key(), Key(tenant: null));
        Assert.NotEqual(Key(), Key(embedding: "all-minilm-l6-v2/int8-s8-col-r7-bias-v1/384"));
    }
}
