using PromptConsole.Domain.Limits;

namespace PromptConsole.Tests.Domain.Limits;

public sealed class UsageDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 6, 25, 15, TimeSpan.Zero);

    public sealed record Case(UsageLimits Key, UsageCounts KeyUsage, UsageLimits Tenant, UsageCounts TenantUsage, string? Refused, decimal? Limit = null);

    private static readonly UsageLimits Rps10 = new(10, null, null);
    private static readonly UsageLimits Tpm1000 = new(null, 1000, null);
    private static readonly UsageLimits Budget5 = new(null, null, 5m);
    private static readonly UsageLimits All = new(10, 1000, 5m);

    public static TheoryData<string, Case> Cases => new()
    {
        { "no limits admit anything", new(UsageLimits.None, new(1_000_000, 1_000_000, 1_000_000m), UsageLimits.None, new(1_000_000, 1_000_000, 1_000_000m), null) },
        { "the 10th request of the second is admitted", new(Rps10, new(10, 0, 0), UsageLimits.None, default, null) },
        { "the 11th request of the second is refused", new(Rps10, new(11, 0, 0), UsageLimits.None, default, "key.requestsPerSecond", 10) },
        { "the tenant's rps refuses when the key's does not", new(Rps10, new(3, 0, 0), new(5, null, null), new(6, 0, 0), "tenant.requestsPerSecond", 5) },
        { "tokens below the minute's limit admit", new(Tpm1000, new(0, 999, 0), UsageLimits.None, default, null) },
        { "tokens at the minute's limit refuse", new(Tpm1000, new(0, 1000, 0), UsageLimits.None, default, "key.tokensPerMinute", 1000) },
        { "spend below the budget admits", new(Budget5, new(0, 0, 4.999999m), UsageLimits.None, default, null) },
        { "spend at the budget refuses", new(Budget5, new(0, 0, 5m), UsageLimits.None, default, "key.monthlyBudget", 5) },
        { "a zero budget refuses from the start", new(new(null, null, 0m), default, UsageLimits.None, default, "key.monthlyBudget", 0) },
        { "the tenant's budget refuses", new(UsageLimits.None, default, Budget5, new(0, 0, 7m), "tenant.monthlyBudget", 5) },
        { "the budget is named before tokens and requests", new(All, new(50, 5000, 5m), UsageLimits.None, default, "key.monthlyBudget", 5) },
        { "tokens are named before requests", new(All, new(50, 5000, 1m), UsageLimits.None, default, "key.tokensPerMinute", 1000) },
        { "the key is named before its tenant for the same kind", new(Tpm1000, new(0, 1000, 0), Tpm1000, new(0, 1000, 0), "key.tokensPerMinute", 1000) },
        { "the tenant's budget before the key's tokens", new(Tpm1000, new(0, 1000, 0), Budget5, new(0, 0, 5m), "tenant.monthlyBudget", 5) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_first_exceeded_limit_is_named(string name, Case c)
    {
        _ = name;
        var exceeded = UsageDecision.FirstExceeded(c.Key, c.KeyUsage, c.Tenant, c.TenantUsage, Now);
        Assert.Equal(c.Refused, exceeded?.Name);
        if (exceeded is not null)
        {
            Assert.Equal(c.Limit, exceeded.Limit);
            Assert.Equal(UsageDecision.RetryAfterSeconds(exceeded.Kind, Now), exceeded.RetryAfterSeconds);
        }
    }

    [Fact]
    public void A_refusal_names_its_retry_after_by_kind()
    {
        Assert.Equal(1, UsageDecision.FirstExceeded(Rps10, new(11, 0, 0), UsageLimits.None, default, Now)!.RetryAfterSeconds);
        Assert.Equal(45, UsageDecision.FirstExceeded(Tpm1000, new(0, 1000, 0), UsageLimits.None, default, Now)!.RetryAfterSeconds);
        Assert.Equal((int)(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero) - Now).TotalSeconds, UsageDecision.FirstExceeded(Budget5, new(0, 0, 5m), UsageLimits.None, default, Now)!.RetryAfterSeconds);
    }

    [Fact]
    public void Limit_names_are_six_fixed_names()
    {
        Assert.Equal(
            ["key.requestsPerSecond", "key.tokensPerMinute", "key.monthlyBudget", "tenant.requestsPerSecond", "tenant.tokensPerMinute", "tenant.monthlyBudget"],
            UsageLimitNames.All);
    }
}
