namespace PromptConsole.Domain.Slos;

/// <summary>
/// What an SLO counts as a good event: <see cref="Availability"/> a successful execution, <see cref="Latency"/>
/// an execution faster than the SLO's threshold, <see cref="Quality"/> a score at or above the SLO's threshold.
/// </summary>
public enum SloIndicator
{
    Availability,
    Latency,
    Quality,
}

/// <summary>The indicators' names in the API and the console (<c>availability</c>, <c>latency</c>, <c>quality</c>).</summary>
public static class SloIndicatorNames
{
    public static string Of(SloIndicator indicator) => indicator switch
    {
        SloIndicator.Availability => "availability",
        SloIndicator.Latency => "latency",
        SloIndicator.Quality => "quality",
        _ => throw new ArgumentOutOfRangeException(nameof(indicator), indicator, null),
    };

    public static SloIndicator? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "availability" => SloIndicator.Availability,
        "latency" => SloIndicator.Latency,
        "quality" => SloIndicator.Quality,
        _ => null,
    };
}
