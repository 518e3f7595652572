namespace PromptConsole.Domain.Slos;

/// <summary>How much of an SLO's error budget is left, and how fast it burns.</summary>
public static class ErrorBudget
{
    /// <summary>
    /// The fraction of the budget left: 1 − bad / (events × (1 − objective)). Below 0 when overspent (−3 means four
    /// budgets spent); 1 when nothing happened, since no event spent anything.
    /// </summary>
    public static double Remaining(long events, long badEvents, double objective)
    {
        ValidateObjective(objective);
        if (events <= 0)
            return 1d;
        return 1d - badEvents / (events * Allowed(objective));
    }

    /// <summary>
    /// The burn rate: the bad ratio over the budget ratio (1 means the budget lasts exactly the period, 14.4 that a
    /// 30-day budget is gone in about two days). Null when the window saw no events: nothing burns, but nothing says it is safe either.
    /// </summary>
    public static double? BurnRate(long events, long badEvents, double objective)
    {
        ValidateObjective(objective);
        if (events <= 0)
            return null;
        return (double)badEvents / events / Allowed(objective);
    }

    /// <summary>
    /// 1 − objective. In binary 1 − 0.99 is 0.010000000000000009, which would read a burn of exactly 1 as 0.999…;
    /// rounded to 12 decimals it is 0.01 again (no objective is written with more decimals than that).
    /// </summary>
    private static double Allowed(double objective) => Math.Round(1d - objective, 12);

    private static void ValidateObjective(double objective)
    {
        if (!(objective is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(objective), objective, "The objective is a ratio strictly between 0 and 1.");
    }
}
