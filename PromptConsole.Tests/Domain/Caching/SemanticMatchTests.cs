using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Tests.Domain.Caching;

/// <summary>The template-aware match decision, case by case: a support prompt with a customer id (exact), a tone (enum), a request id (ignored) and the message (semantic).</summary>
public sealed class SemanticMatchTests
{
    private static readonly VariableDeclaration[] Declarations =
    [
        new("customer_id", VariableType.Id),
        new("tone", VariableType.Enum, AllowedValues: ["friendly", "formal"]),
        new("request_id", VariableType.String, Cache: CachePolicy.Ignore),
        new("message", VariableType.Text),
    ];

    private static readonly IReadOnlyList<VariableCachePolicy> Policies =
        SemanticVariablePolicies.Resolve(Declarations, SemanticCacheSettings.Off with { Mode = SemanticCacheMode.Serve });

    private const string Stored = "How do I reset my password?";

    public static TheoryData<string, string, string, string, string, double, bool> Cases => new()
    {
        // name, customer, tone, request id, message, message similarity, hit
        { "identical request", "C-1", "friendly", "r-1", Stored, 1.0, true },
        { "paraphrased free text", "C-1", "friendly", "r-1", "What are the steps to reset my password?", 0.95, true },
        { "ignored variable differs", "C-1", "friendly", "r-999", Stored, 1.0, true },
        { "exact variable differs (customer id)", "C-2", "friendly", "r-1", Stored, 1.0, false },
        { "exact variable differs (enum)", "C-1", "formal", "r-1", Stored, 1.0, false },
        { "paraphrase below the threshold", "C-1", "friendly", "r-1", "Can I change my e-mail?", 0.71, false },
        { "number changed inside the text", "C-1", "friendly", "r-1", "Refund 3 items of order 1234", 0.99, false },
        { "quoted string changed inside the text", "C-1", "friendly", "r-1", "Translate \"good night\" please", 0.99, false },
        { "identifier changed inside the text", "C-1", "friendly", "r-1", "Where is ORD-12346?", 0.99, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_hit_needs_every_exact_variable_equal_every_semantic_one_close_and_the_guards_equal(
        string name, string customer, string tone, string requestId, string message, double similarity, bool hit)
    {
        var storedMessage = name switch
        {
            "number changed inside the text" => "Refund 3 items of order 1243",
            "quoted string changed inside the text" => "Translate \"good morning\" please",
            "identifier changed inside the text" => "Where is ORD-12345?",
            _ => Stored,
        };
        var candidate = Sample("C-1", "friendly", "r-1", storedMessage);
        var request = Sample(customer, tone, requestId, message);

        var verdict = SemanticMatch.Decide(Policies, request, candidate, _ => similarity);

        Assert.Equal(hit, verdict.IsHit);
    }

    [Theory]
    [InlineData("between the floor and the threshold", 0.85, false, true, SemanticMissReason.BelowThreshold)]
    [InlineData("below the floor", 0.79, false, false, SemanticMissReason.BelowFloor)]
    [InlineData("above the threshold", 0.93, true, true, SemanticMissReason.None)]
    public void Shadow_mode_counts_would_be_hits_down_to_its_floor(string name, double similarity, bool hit, bool candidate, SemanticMissReason reason)
    {
        Assert.NotEmpty(name);
        var sample = Sample("C-1", "friendly", "r-1", Stored);

        var verdict = SemanticMatch.Decide(Policies, sample, sample, _ => similarity, SemanticCacheSettings.ShadowFloor);

        Assert.Equal(hit, verdict.IsHit);
        Assert.Equal(candidate, verdict.IsCandidate);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(similarity, verdict.Similarity, 6);
    }

    [Fact]
    public void The_similarity_is_the_lowest_over_the_semantic_variables_and_each_has_its_own_threshold()
    {
        VariableDeclaration[] declarations = [new("question", VariableType.Text, SemanticThreshold: 0.97), new("context", VariableType.Text)];
        var policies = SemanticVariablePolicies.Resolve(declarations, SemanticCacheSettings.Off);
        var empty = new SemanticCacheSample(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<string>>());

        var verdict = SemanticMatch.Decide(policies, empty, empty, name => name == "question" ? 0.96 : 0.99);

        Assert.False(verdict.IsHit);
        Assert.Equal("question", verdict.Variable);
        Assert.Equal(0.96, verdict.Similarity, 6);
        Assert.True(SemanticMatch.Decide(policies, empty, empty, name => name == "question" ? 0.98 : 0.93).IsHit);
    }

    [Theory]
    [InlineData("equal texts", AnswerAgreementMethod.Exact, "Yes.", " Yes. ", null, true)]
    [InlineData("different texts, exact rule", AnswerAgreementMethod.Exact, "Yes.", "Sure.", 0.99, false)]
    [InlineData("close embeddings", AnswerAgreementMethod.Embedding, "Yes, you can.", "Yes, that works.", 0.96, true)]
    [InlineData("distant embeddings", AnswerAgreementMethod.Embedding, "Yes.", "No.", 0.6, false)]
    public void Answers_agree_by_the_prompts_rule(string name, AnswerAgreementMethod method, string cached, string fresh, double? similarity, bool agrees)
    {
        Assert.NotEmpty(name);
        Assert.Equal(agrees, SemanticMatch.Agrees(new AnswerAgreement(method, 0.95), cached, fresh, similarity));
    }

    [Fact]
    public void Verification_samples_follow_the_rate()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 20_000).Select(i => Guid.CreateVersion7(start.AddMilliseconds(i))).ToArray();

        Assert.DoesNotContain(ids, id => SemanticMatch.Sampled(id, 0));
        Assert.All(ids, id => Assert.True(SemanticMatch.Sampled(id, 1)));
        var share = ids.Count(id => SemanticMatch.Sampled(id, 0.05)) / (double)ids.Length;
        Assert.InRange(share, 0.04, 0.06);
        Assert.Equal(SemanticMatch.Sampled(ids[7], 0.5), SemanticMatch.Sampled(ids[7], 0.5));
    }

    private static SemanticCacheSample Sample(string customer, string tone, string requestId, string message) => new(
        new Dictionary<string, string> { ["customer_id"] = customer, ["tone"] = tone, ["request_id"] = requestId },
        new Dictionary<string, IReadOnlyList<string>> { ["message"] = SemanticGuards.Extract(message) });
}
