using System.ComponentModel.DataAnnotations;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary><c>PromptConsole:Metrics</c>: the Prometheus endpoint.</summary>
public sealed class MetricsOptions
{
    public const string Section = "PromptConsole:Metrics";

    /// <summary>
    /// Label sets kept per metric; further label sets are folded into one series whose label
    /// values are <c>overflow</c>, so a runaway tag cannot exhaust memory or the Prometheus server.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxSeriesPerMetric { get; set; } = 1_000;
}
