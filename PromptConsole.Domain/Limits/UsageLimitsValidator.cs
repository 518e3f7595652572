using System.Globalization;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Limits;

/// <summary>Checks limits as an operator enters them; every offending field at once, by its API name.</summary>
public static class UsageLimitsValidator
{
    public const int MaxRequestsPerSecond = 1_000_000;
    public const int MaxTokensPerMinute = 1_000_000_000;
    public const decimal MaxMonthlyBudgetUsd = 1_000_000_000m;

    /// <summary>Budgets are kept in micro-dollars, so a budget has at most six decimals.</summary>
    public const int BudgetDecimals = 6;

    public static Result<UsageLimits> Validate(UsageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var errors = FieldErrors(limits);
        return errors.Count == 0
            ? limits
            : Error.Validation("invalid-limits", "The limits are not valid.", errors);
    }

    public static List<FieldError> FieldErrors(UsageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new List<FieldError>();
        if (limits.RequestsPerSecond is { } rps && rps is < 1 or > MaxRequestsPerSecond)
            errors.Add(new FieldError("requestsPerSecond", $"Requests per second is a whole number from 1 to {MaxRequestsPerSecond:N0}, or null for no limit; got {rps.ToString(CultureInfo.InvariantCulture)}."));
        if (limits.TokensPerMinute is { } tpm && tpm is < 1 or > MaxTokensPerMinute)
            errors.Add(new FieldError("tokensPerMinute", $"Tokens per minute is a whole number from 1 to {MaxTokensPerMinute:N0}, or null for no limit; got {tpm.ToString(CultureInfo.InvariantCulture)}."));
        if (limits.MonthlyBudgetUsd is { } budget)
        {
            if (budget < 0 || budget > MaxMonthlyBudgetUsd)
                errors.Add(new FieldError("monthlyBudgetUsd", $"The monthly budget is from 0 to {MaxMonthlyBudgetUsd:N0} dollars, or null for no budget; got {budget.ToString(CultureInfo.InvariantCulture)}."));
            else if (decimal.Round(budget, BudgetDecimals) != budget)
                errors.Add(new FieldError("monthlyBudgetUsd", $"The monthly budget has at most {BudgetDecimals} decimals; got {budget.ToString(CultureInfo.InvariantCulture)}."));
        }

        return errors;
    }
}
