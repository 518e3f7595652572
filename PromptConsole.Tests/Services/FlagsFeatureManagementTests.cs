using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using PromptConsole.Tests.Persistence;
using PromptConsole.Web.Hosting;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Tests.Services;

/// <summary>Evaluation through Microsoft.FeatureManagement, without a database: flags come from an in-memory source.</summary>
public sealed class FlagsFeatureManagementTests
{
    private const int Subjects = 10_000;

    private static readonly FeatureFlag ThreeWay = new(
        "checkout-redesign",
        "three-way rollout",
        FlagKind.Standard,
        Enabled: true,
        [new("control", "\"control\""), new("blue", "\"blue\""), new("green", "{\"shade\":2}")],
        "control",
        [],
        [new("blue", 0, 20), new("green", 20, 50), new("control", 50, 100)]);

    private sealed class InMemoryFlagSource(params FeatureFlag[] flags) : IFeatureFlagSource
    {
        public FeatureFlag[] Flags { get; set; } = flags;

        public int Loads { get; private set; }

        public Task<IReadOnlyList<FeatureFlag>> LoadAllAsync(CancellationToken cancellationToken = default)
        {
            Loads++;
            return Task.FromResult<IReadOnlyList<FeatureFlag>>(Flags);
        }
    }

    private static ServiceProvider Build(params FeatureFlag[] flags)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IFeatureFlagSource>(new InMemoryFlagSource(flags));
        services.AddFlagEvaluation();
        return services.BuildServiceProvider();
    }

    private static async Task<string> VariantAsync(IFlagEvaluationService evaluator, string key, string subject)
    {
        var decision = await evaluator.EvaluateAsync(key, new RequestAttributes(subject));
        Assert.True(decision.IsSuccess);
        return decision.Value.Variant;
    }

    [Fact]
    public async Task A_subject_gets_the_same_variant_from_two_separately_built_service_providers()
    {
        await using var first = Build(ThreeWay);
        await using var second = Build(ThreeWay);
        var one = first.GetRequiredService<IFlagEvaluationService>();
        var other = second.GetRequiredService<IFlagEvaluationService>();

        var seen = new HashSet<string>();
        for (var i = 0; i < 1_000; i++)
        {
            var subject = $"subject-{i}";
            var variant = await VariantAsync(one, ThreeWay.Key, subject);
            Assert.Equal(variant, await VariantAsync(other, ThreeWay.Key, subject));
            Assert.Equal(variant, await VariantAsync(one, ThreeWay.Key, subject));
            seen.Add(variant);
        }

        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task Shares_over_ten_thousand_subjects_match_the_slices()
    {
        await using var provider = Build(ThreeWay);
        var evaluator = provider.GetRequiredService<IFlagEvaluationService>();
        var counts = new Dictionary<string, int>();
        var domainCounts = new Dictionary<string, int>();
        for (var i = 0; i < Subjects; i++)
        {
            var subject = $"subject-{i}";
            var variant = await VariantAsync(evaluator, ThreeWay.Key, subject);
            counts[variant] = counts.GetValueOrDefault(variant) + 1;
            var domain = FlagEvaluator.Evaluate(ThreeWay, new RequestAttributes(subject)).Variant;
            domainCounts[domain] = domainCounts.GetValueOrDefault(domain) + 1;
        }

        // Each count is binomial(n, p) when positions are uniform; allow 4.5 standard deviations,
        // sqrt(n·p·(1−p)) (≈ 40 subjects at p = 0.2): a fair hash fails this about once in 10^5.
        foreach (var (variant, share) in new[] { ("blue", 0.20), ("green", 0.30), ("control", 0.50) })
        {
            var tolerance = 4.5 * Math.Sqrt(Subjects * share * (1 - share));
            Assert.InRange(counts.GetValueOrDefault(variant), Subjects * share - tolerance, Subjects * share + tolerance);
            Assert.InRange(domainCounts.GetValueOrDefault(variant), Subjects * share - tolerance, Subjects * share + tolerance);
        }
    }

    /// <summary>
    /// FeatureManagement's documented placement (TargetingEvaluator): SHA-256 of "{userId}\n{seed}", the
    /// first four bytes as a little-endian uint over uint.MaxValue, in percent. Seed = flag key here, so
    /// a slice holds the same subjects in every process and after every restart.
    /// </summary>
    [Theory]
    [InlineData("subject-1")]
    [InlineData("subject-2")]
    [InlineData("alice@example.com")]
    [InlineData("42")]
    public async Task Placement_is_featuremanagement_sha256_seeded_with_the_flag_key(string subject)
    {
        await using var provider = Build(ThreeWay);
        var evaluator = provider.GetRequiredService<IFlagEvaluationService>();

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{subject}\n{ThreeWay.Key}"));
        var percent = BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue * 100;
        var expected = ThreeWay.Rollout.First(s => percent >= s.From && (percent < s.To || s.To == 100)).Variant;

        var decision = (await evaluator.EvaluateAsync(ThreeWay.Key, new RequestAttributes(subject))).Value;
        Assert.Equal(expected, decision.Variant);
        Assert.Equal(expected == "control" ? FlagEvaluationReason.Default : FlagEvaluationReason.Rollout, decision.Reason);
    }

    [Fact]
    public async Task The_subject_attribute_decides_whose_id_is_hashed()
    {
        var byAccount = ThreeWay with { Key = "by-account", SubjectAttribute = "account" };
        await using var provider = Build(byAccount);
        var evaluator = provider.GetRequiredService<IFlagEvaluationService>();

        // Two users of one account get the same variant, whatever their subjects.
        var variants = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            var attributes = new RequestAttributes($"user-{i}", null, new Dictionary<string, string> { ["account"] = "acct-7" });
            variants.Add((await evaluator.EvaluateAsync(byAccount.Key, attributes)).Value.Variant);
        }

        Assert.Single(variants);
    }

    [Fact]
    public async Task Values_are_the_variants_json()
    {
        await using var provider = Build(ThreeWay with { Rollout = [new("green", 0, 100)] });
        var decision = (await provider.GetRequiredService<IFlagEvaluationService>().EvaluateAsync(ThreeWay.Key, RequestAttributes.None)).Value;
        Assert.Equal("green", decision.Variant);
        Assert.Equal(2, decision.Value.GetProperty("shade").GetInt32());
    }

    [Fact]
    public async Task Unknown_flag_is_not_found()
    {
        await using var provider = Build(ThreeWay);
        var result = await provider.GetRequiredService<IFlagEvaluationService>().EvaluateAsync("no-such-flag", new RequestAttributes("a"));
        Assert.Equal("flag-not-found", result.Error?.Code);
    }

    [Fact]
    public async Task Cached_definitions_last_until_invalidated_or_older_than_the_cache_duration()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var source = new InMemoryFlagSource(ThreeWay);
        var cache = new FlagDefinitionCache(source, Options.Create(new FlagOptions { CacheSeconds = 5 }), clock);

        Assert.NotNull(await cache.FindAsync(ThreeWay.Key));
        source.Flags = [];
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.NotNull(await cache.FindAsync(ThreeWay.Key));
        Assert.Equal(1, source.Loads);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await cache.FindAsync(ThreeWay.Key));
        Assert.Equal(2, source.Loads);

        source.Flags = [ThreeWay];
        cache.Invalidate();
        Assert.NotNull(await cache.FindAsync(ThreeWay.Key));
        Assert.Equal(3, source.Loads);
    }
}
