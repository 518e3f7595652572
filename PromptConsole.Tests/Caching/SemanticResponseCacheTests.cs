using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Infrastructure.VectorSearch;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Caching;

/// <summary>The semantic store in process (no Redis): partitions, verification of the other variables and guards, eviction and purges.</summary>
public sealed class SemanticResponseCacheTests
{
    private static readonly VariableDeclaration[] Declarations = [new("subject", VariableType.Text), new("message", VariableType.Text), new("tone", VariableType.Enum, AllowedValues: ["a", "b"])];
    private static readonly SemanticCacheSettings Serving = SemanticCacheSettings.Off with { Mode = SemanticCacheMode.Serve, MaxEntries = 3, TtlSeconds = 60 };

    private readonly ManualTimeProvider _time = new();
    private readonly SemanticCacheStatistics _statistics = new();

    private SemanticResponseCache NewCache(long maxBytes = 256L * 1024 * 1024) => new(
        new TieredVectorIndexFactory(Options.Create(new VectorSearchOptions())),
        new RedisConnection(Options.Create(new RedisOptions()), NullLogger<RedisConnection>.Instance),
        Options.Create(new SemanticCacheOptions { MaxTotalBytes = maxBytes }),
        _statistics,
        new PromptConsoleMetrics(Prometheus.Metrics.NewCustomRegistry(), maxSeriesPerMetric: 1000),
        _time,
        NullLogger<SemanticResponseCache>.Instance);

    /// <summary>Unit vectors in 4 dimensions: <paramref name="angle"/> radians from the first axis (cosine = cos of the angle difference).</summary>
    private static float[] Vector(double angle) => [(float)Math.Cos(angle), (float)Math.Sin(angle), 0, 0];

    private static SemanticQuery Query(string tone, double subjectAngle, double messageAngle, string message = "reset my password", string prompt = "support") =>
        new(
            prompt,
            1,
            SemanticPartitionKey.Compute(prompt, 1, new ModelSettings("sim-fast"), null, Policies, new Dictionary<string, string> { ["tone"] = tone }, "test-embeddings"),
            Policies,
            "message",
            new Dictionary<string, float[]> { ["message"] = Vector(messageAngle), ["subject"] = Vector(subjectAngle) },
            new Dictionary<string, IReadOnlyList<string>> { ["message"] = SemanticGuards.Extract(message), ["subject"] = [] });

    private static IReadOnlyList<VariableCachePolicy> Policies => SemanticVariablePolicies.Resolve(Declarations, Serving);

    private CachedAnswer Answer(string text) => new(text, "sim-fast", true, 10, 20, 0.001m, _time.GetUtcNow());

    [Fact]
    public async Task A_close_request_of_the_same_partition_hits_and_anything_else_misses()
    {
        var cache = NewCache();
        cache.Store(Query("a", 0, 0), Answer("Use the reset link."), Serving);

        var hit = await cache.FindAsync(Query("a", 0.1, 0.2), Serving, 0.92, CancellationToken.None);
        Assert.NotNull(hit);
        Assert.True(hit.Verdict.IsHit);
        Assert.Equal(Math.Cos(0.2), hit.Verdict.Similarity, 5);
        Assert.Equal("Use the reset link.", hit.Entry.Answer.Text);

        Assert.Null(await cache.FindAsync(Query("b", 0, 0), Serving, 0.92, CancellationToken.None));
        Assert.Null(await cache.FindAsync(Query("a", 0, 0, message: "reset the password of ORD-7"), Serving, 0.92, CancellationToken.None));
        // The searched variable is close, the other one is not: verified from the stored embedding.
        var otherFar = await cache.FindAsync(Query("a", 0.7, 0), Serving, 0.92, CancellationToken.None);
        Assert.Null(otherFar);
        // Shadow's floor finds the would-be hit that serving would not.
        var wouldBe = await cache.FindAsync(Query("a", 0.55, 0), Serving, 0.80, CancellationToken.None);
        Assert.NotNull(wouldBe);
        Assert.False(wouldBe.Verdict.IsHit);
        Assert.True(wouldBe.Verdict.IsCandidate);
    }

    [Fact]
    public async Task Entries_expire_with_their_TTL_and_are_counted_as_evictions()
    {
        var cache = NewCache();
        cache.Store(Query("a", 0, 0), Answer("one"), Serving);
        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Null(await cache.FindAsync(Query("a", 0, 0), Serving, 0.92, CancellationToken.None));
        Assert.Equal(0, cache.Count);
        Assert.Equal(1, _statistics.Snapshot(cache.SizeOf).Single().EvictedTtl);

        cache.Store(Query("a", 0, 0), Answer("two"), Serving);
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, cache.Sweep());
        Assert.Equal(2, _statistics.Snapshot(cache.SizeOf).Single().EvictedTtl);
    }

    [Fact]
    public void The_oldest_entries_go_first_past_the_prompts_limit_and_the_byte_budget()
    {
        var cache = NewCache();
        for (var i = 0; i < 5; i++)
        {
            cache.Store(Query("a", 0, i), Answer("answer " + i), Serving);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, cache.SizeOf("support").Entries);
        Assert.Equal(2, _statistics.Snapshot(cache.SizeOf).Single().EvictedMaxEntries);

        var small = NewCache(maxBytes: 3_000);
        for (var i = 0; i < 3; i++)
            small.Store(Query("a", 0, i, prompt: "p" + i), Answer(new string('x', 600)), Serving);
        Assert.True(small.TotalBytes <= 3_000);
        Assert.Equal(0, small.SizeOf("p0").Entries);
        Assert.Equal(1, small.SizeOf("p2").Entries);
        Assert.Contains(_statistics.Snapshot(small.SizeOf), f => f.EvictedBytes > 0);
    }

    [Fact]
    public async Task A_purge_drops_a_version_or_the_whole_prompt()
    {
        var cache = NewCache();
        cache.Store(Query("a", 0, 0), Answer("one"), Serving);
        cache.Store(Query("b", 0, 0), Answer("two"), Serving);

        Assert.Equal(0, await cache.PurgeAsync("support", 2, CancellationToken.None));
        Assert.Equal(2, cache.Count);
        Assert.Equal(2, await cache.PurgeAsync("support", 1, CancellationToken.None));
        Assert.Equal(0, cache.Count);
        Assert.Null(await cache.FindAsync(Query("a", 0, 0), Serving, 0.92, CancellationToken.None));
    }
}
