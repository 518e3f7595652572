namespace PromptConsole.Domain.Reports;

/// <summary>
/// The change of a daily figure against the day before, as a fraction of the day before (+0.25 = a quarter more).
/// Null when there is nothing to compare: no figure on either day, or a day before of 0 (any change from nothing is
/// not a percentage; the report shows the absolute figures then).
/// </summary>
public static class DayOverDayChange
{
    public static double? Relative(double? current, double? previous)
    {
        if (current is not { } now || previous is not { } before || before == 0 || !double.IsFinite(now) || !double.IsFinite(before))
            return null;
        return (now - before) / Math.Abs(before);
    }
}
