using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class TenantUsageTests
{
    private static ExecutionObservation Observed(ExecutionOutcome outcome, decimal cost, string? tenant) =>
        new(new MetricSeriesKey("greet", 1, null, "sim-fast"), outcome, null, 100, 10, 5, cost, CacheLevel.Miss, 1, false, Tenant: tenant);

    [Theory]
    [InlineData("success", ExecutionOutcome.Success, 0)]
    [InlineData("output rejected", ExecutionOutcome.OutputRejected, 1)]
    [InlineData("provider failed", ExecutionOutcome.ProviderFailed, 1)]
    [InlineData("cancelled (not the tenant's error)", ExecutionOutcome.Cancelled, 0)]
    public void An_execution_counts_once_with_its_tokens_and_cost_and_is_an_error_only_when_it_failed(string _, ExecutionOutcome outcome, long errors)
    {
        var usage = TenantUsage.None.Plus(Observed(outcome, 0.25m, "acme"));

        Assert.Equal(new TenantUsage(1, errors, 10, 5, 0.25m), usage);
        Assert.Equal(15, usage.Tokens);
    }

    [Theory]
    [InlineData("none", null, TenantUsage.NoTenant)]
    [InlineData("blank", "  ", TenantUsage.NoTenant)]
    [InlineData("named", "acme", "acme")]
    public void Requests_without_a_tenant_are_reported_as_none(string _, string? tenant, string expected) =>
        Assert.Equal(expected, TenantUsage.NameOf(tenant));

    public static TheoryData<string, Dictionary<string, TenantUsage>, string[], double?[]> Rankings => new()
    {
        {
            "most expensive first with shares of the total",
            new() { ["a"] = new(10, 0, 0, 0, 1m), ["b"] = new(1, 0, 0, 0, 3m) },
            ["b", "a"], [0.75, 0.25]
        },
        {
            "equal cost: more executions first, then by name",
            new() { ["z"] = new(5, 0, 0, 0, 1m), ["y"] = new(9, 0, 0, 0, 1m), ["x"] = new(5, 0, 0, 0, 1m) },
            ["y", "x", "z"], [1 / 3d, 1 / 3d, 1 / 3d]
        },
        {
            "nothing cost anything: no shares",
            new() { ["a"] = new(2, 0, 0, 0, 0m), [TenantUsage.NoTenant] = new(3, 1, 0, 0, 0m) },
            [TenantUsage.NoTenant, "a"], [null, null]
        },
        {
            "tenants that used nothing are left out",
            new() { ["a"] = new(1, 0, 0, 0, 2m), ["idle"] = TenantUsage.None },
            ["a"], [1.0]
        },
    };

    [Theory]
    [MemberData(nameof(Rankings))]
    public void Tenants_are_ranked_by_cost_with_their_share(string _, Dictionary<string, TenantUsage> byTenant, string[] order, double?[] shares)
    {
        var lines = TenantUsageReport.Rank(byTenant);

        Assert.Equal(order, lines.Select(l => l.Tenant));
        for (var i = 0; i < shares.Length; i++)
        {
            if (shares[i] is { } share)
                Assert.Equal(share, lines[i].CostShare!.Value, 9);
            else
                Assert.Null(lines[i].CostShare);
        }
    }

    [Theory]
    [InlineData("default", null, 24.0)]
    [InlineData("one hour", "1h", 1.0)]
    [InlineData("a day", "24h", 24.0)]
    [InlineData("a week, any case", "7D", 168.0)]
    [InlineData("a month", "30d", 720.0)]
    public void Offered_ranges_parse(string _, string? range, double hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), TenantUsageRange.Parse(range).Value);

    [Theory]
    [InlineData("live range", "15m")]
    [InlineData("unknown", "2w")]
    public void Other_ranges_are_refused_naming_the_field(string _, string range)
    {
        var parsed = TenantUsageRange.Parse(range);

        Assert.False(parsed.IsSuccess);
        Assert.Equal("range", Assert.Single(parsed.Error!.FieldErrors).Field);
    }
}
