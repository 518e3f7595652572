namespace PromptConsole.Domain.Calibration;

/// <summary>One UTC day of an evaluator's pairs: how many and their mean delta.</summary>
public sealed record CalibrationDay(DateOnly Day, long Pairs, double MeanDelta);

/// <summary>The daily trend of the delta: one point per UTC day that has pairs, oldest first (days without pairs are left out, not drawn as 0).</summary>
public static class CalibrationTrend
{
    public static IReadOnlyList<CalibrationDay> Daily(IEnumerable<CalibrationPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var days = new SortedDictionary<DateOnly, (long Count, double Sum)>();
        foreach (var pair in pairs)
        {
            var day = DateOnly.FromDateTime(pair.At.UtcDateTime);
            var (count, sum) = days.GetValueOrDefault(day);
            days[day] = (count + 1, sum + pair.Delta);
        }

        return days.Select(d => new CalibrationDay(d.Key, d.Value.Count, d.Value.Sum / d.Value.Count)).ToArray();
    }
}
