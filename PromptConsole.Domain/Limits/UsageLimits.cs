namespace PromptConsole.Domain.Limits;

/// <summary>
/// What one API key or one tenant may use: requests per second, tokens (input + output) per minute and dollars per
/// calendar month, each null when unlimited. Windows are UTC (see <see cref="UsageWindows"/>).
/// </summary>
public sealed record UsageLimits(int? RequestsPerSecond, int? TokensPerMinute, decimal? MonthlyBudgetUsd)
{
    public static UsageLimits None { get; } = new(null, null, null);

    public bool IsUnlimited => RequestsPerSecond is null && TokensPerMinute is null && MonthlyBudgetUsd is null;

    /// <summary>The value of one kind of limit, null when that kind is unlimited.</summary>
    public decimal? ValueOf(UsageLimitKind kind) => kind switch
    {
        UsageLimitKind.RequestsPerSecond => RequestsPerSecond,
        UsageLimitKind.TokensPerMinute => TokensPerMinute,
        UsageLimitKind.MonthlyBudget => MonthlyBudgetUsd,
        _ => null,
    };
}
