using System.Text.Json;
using PromptConsole.Domain.Metrics;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>One series of one second as shared between instances: the series key and its aggregate's snapshot.</summary>
public sealed record LiveSeriesEntry(string Prompt, int Version, string? Arm, string Model, ExecutionStatsSnapshot Stats);

/// <summary>
/// The wire form of one instance's second (a JSON array of <see cref="LiveSeriesEntry"/>): counts, outcomes,
/// tokens, cost and the latency histogram exactly as the ring keeps them, so a merged second answers
/// percentiles as if one instance had counted everything.
/// </summary>
public static class LiveSecondCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Encode(IEnumerable<KeyValuePair<MetricSeriesKey, ExecutionStats>> series) =>
        JsonSerializer.Serialize(
            series.Select(s => new LiveSeriesEntry(s.Key.PromptKey, s.Key.PromptVersion, s.Key.RouteArm, s.Key.Model, s.Value.ToSnapshot())).ToArray(),
            Json);

    /// <summary>The series of a payload; a damaged payload (or entry) is left out rather than break the live charts.</summary>
    public static IReadOnlyDictionary<MetricSeriesKey, ExecutionStats> Decode(string payload)
    {
        var series = new Dictionary<MetricSeriesKey, ExecutionStats>();
        LiveSeriesEntry[]? entries;
        try
        {
            entries = JsonSerializer.Deserialize<LiveSeriesEntry[]>(payload, Json);
        }
        catch (JsonException)
        {
            return series;
        }

        foreach (var entry in entries ?? [])
        {
            if (entry?.Stats is null || entry.Prompt is null || entry.Model is null)
                continue;
            var stats = ExecutionStats.FromSnapshot(entry.Stats);
            if (!stats.IsSuccess)
                continue;
            var key = new MetricSeriesKey(entry.Prompt, entry.Version, entry.Arm, entry.Model);
            if (series.TryGetValue(key, out var held))
                held.Merge(stats.Value);
            else
                series[key] = stats.Value;
        }

        return series;
    }
}
