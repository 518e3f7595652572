using System.Diagnostics;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Bucketing;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Tests.Domain.Experiments;

public sealed class TargetingTests
{
    private static readonly Dictionary<string, string> Free = new(StringComparer.Ordinal)
    {
        ["plan"] = "pro",
        ["country"] = "FR",
        ["seats"] = "12",
        ["ratio"] = "0.5",
        ["agent"] = "Android Mobile Browser",
        ["label"] = "twelve",
        ["empty"] = "",
        ["subject"] = "spoofed",
    };

    private static readonly RequestAttributes Request = new("user-42", "acme", Free);

    /// <summary>attribute, operator, values (; separated), expected match against <see cref="Request"/>.</summary>
    [Theory]
    [InlineData("plan", "equals", "pro", true)]
    [InlineData("plan", "equals", "Pro", false)]
    [InlineData("plan", "equals", "pro ", false)]
    [InlineData("subject", "equals", "user-42", true)]
    [InlineData("subject", "equals", "spoofed", false)]
    [InlineData("tenant", "equals", "acme", true)]
    [InlineData("tenant", "in", "globex;acme", true)]
    [InlineData("country", "in", "DE;ES", false)]
    [InlineData("missing", "equals", "x", false)]
    [InlineData("missing", "in", "x", false)]
    [InlineData("empty", "equals", "x", false)]
    [InlineData("agent", "regex", "(Mobile|Tablet)", true)]
    [InlineData("agent", "regex", "^Mobile", false)]
    [InlineData("agent", "regex", "mobile", false)]
    [InlineData("missing", "regex", ".*", false)]
    [InlineData("seats", "lt", "13", true)]
    [InlineData("seats", "lt", "12", false)]
    [InlineData("seats", "lte", "12", true)]
    [InlineData("seats", "gt", "11.5", true)]
    [InlineData("seats", "gt", "12", false)]
    [InlineData("seats", "gte", "12", true)]
    [InlineData("seats", "gte", "1e2", false)]
    [InlineData("ratio", "lt", "0.75", true)]
    [InlineData("label", "lt", "100", false)]
    [InlineData("label", "gte", "-100", false)]
    [InlineData("plan", "gt", "0", false)]
    [InlineData("missing", "lt", "100", false)]
    [InlineData("subject", "percentage", "1", true)]
    [InlineData("subject", "percentage", "0", false)]
    [InlineData("missing", "percentage", "1", false)]
    public void Operators_compare_request_attributes(string attribute, string op, string values, bool expected)
    {
        var targeting = Compile(Condition(attribute, op, values.Split(';')));

        Assert.Equal(expected, targeting.Matches(Request));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("12 seats")]
    [InlineData("0x0C")]
    [InlineData("12,0")]
    public void Number_comparisons_fail_for_values_that_are_not_finite_numbers(string seats)
    {
        var request = new RequestAttributes("user-42", null, new Dictionary<string, string> { ["seats"] = seats });

        foreach (var op in new[] { "lt", "lte", "gt", "gte" })
        {
            Assert.False(Compile(Condition("seats", op, "1000000")).Matches(request), $"{op} 1000000 with seats '{seats}'");
            Assert.False(Compile(Condition("seats", op, "-1000000")).Matches(request), $"{op} -1000000 with seats '{seats}'");
        }
    }

    [Fact]
    public void Every_condition_must_hold()
    {
        var targeting = Compile(Condition("plan", "equals", "pro"), Condition("country", "in", "FR", "BE"), Condition("seats", "gte", "20"));
        var relaxed = Compile(Condition("plan", "equals", "pro"), Condition("country", "in", "FR", "BE"), Condition("seats", "gte", "10"));

        Assert.False(targeting.Matches(Request));
        Assert.True(relaxed.Matches(Request));
        Assert.True(CompiledTargeting.Everyone.Matches(RequestAttributes.None));
    }

    /// <summary>
    /// A catastrophically backtracking pattern: (a|aa)+$ on 40 a's and a '!' explores ~1.6e8 paths
    /// before failing (the Fibonacci number F(41)), far beyond the match timeout, so the timeout is what
    /// ends it and the request is treated as not matching.
    /// </summary>
    [Fact]
    public void A_regex_that_times_out_does_not_match_and_gives_up_quickly()
    {
        var targeting = Compile(Condition("agent", "regex", "^(a|aa)+$"));
        var request = new RequestAttributes("user-42", null, new Dictionary<string, string> { ["agent"] = new string('a', 40) + "!" });

        var clock = Stopwatch.StartNew();
        var matched = targeting.Matches(request);
        clock.Stop();

        Assert.False(matched);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds:F0} ms; the timeout is {TargetingValues.MatchTimeout.TotalMilliseconds} ms");
        Assert.True(targeting.Matches(new RequestAttributes("user-42", null, new Dictionary<string, string> { ["agent"] = new string('a', 40) })));
    }

    /// <summary>
    /// The share of 10,000 distinct subjects passing a percentage condition of p is Binomial(10000, p)
    /// if the hash is uniform: for p = 0.3 the standard deviation is √(10000·0.3·0.7) ≈ 46, so ±4 sd
    /// (±184) would fail a uniform hash about once in 16,000 runs; the inputs are fixed, so it never flakes.
    /// </summary>
    [Fact]
    public void Percentage_is_sticky_and_takes_about_the_share_asked()
    {
        var targeting = Compile(Condition("subject", "percentage", "0.3"));
        var again = Compile(Condition("subject", "percentage", "0.3"));

        var included = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var request = new RequestAttributes($"user-{i}");
            var first = targeting.Matches(request);
            Assert.Equal(first, again.Matches(request));
            included += first ? 1 : 0;
        }

        Assert.InRange(included, 3_000 - 184, 3_000 + 184);
    }

    [Fact]
    public void Percentage_hashes_with_the_owner_key_and_a_targeting_suffix()
    {
        var targeting = Compile(Condition("tenant", "percentage", "0.5"));
        var seed = HashSeed.For("tone-test:targeting");

        for (var i = 0; i < 1_000; i++)
        {
            var tenant = $"tenant-{i}";
            Assert.Equal(seed.Position(tenant) < 0.5, targeting.Matches(new RequestAttributes("anyone", tenant)));
        }
    }

    [Fact]
    public void Subject_and_tenant_come_from_their_own_fields()
    {
        var attributes = new RequestAttributes(null, null, new Dictionary<string, string> { ["subject"] = "spoofed", ["tenant"] = "spoofed" });

        Assert.False(attributes.TryGet("subject", out _));
        Assert.False(attributes.TryGet("tenant", out _));
    }

    [Fact]
    public void Stored_conditions_that_no_longer_compile_are_reported_by_position()
    {
        var result = CompiledTargeting.Compile([Condition("plan", "equals", "pro"), Condition("agent", "regex", "([a-z")], "tone-test");

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("targeting[1].value", Assert.Single(result.Error.FieldErrors).Field);
    }

    private static TargetingCondition Condition(string attribute, string op, params string[] values)
    {
        Assert.True(TargetingOperatorNames.TryParse(op, out var parsed), op);
        return new TargetingCondition(attribute, parsed, values);
    }

    private static CompiledTargeting Compile(params TargetingCondition[] conditions)
    {
        var compiled = CompiledTargeting.Compile(conditions, "tone-test");
        Assert.True(compiled.IsSuccess, compiled.Error?.Message);
        return compiled.Value;
    }
}
