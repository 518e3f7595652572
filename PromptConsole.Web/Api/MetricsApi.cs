using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Api;

/// <summary>
/// <c>GET /api/v1/metrics</c>: the metrics store's answer for any window and key, as JSON — what
/// the console charts show, for scripts, CI gates and dashboards other than Grafana.
/// </summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Metrics")
            .MapGet("/metrics", QueryAsync)
            .Produces<MetricsWindowView>()
            .ProducesProblem(400)
            .WithName("QueryMetrics");
        return app;
    }

    private static async Task<IResult> QueryAsync(
        HttpContext http,
        IMetricsStore store,
        string? window,
        string? prompt,
        string? version,
        string? arm,
        string? model,
        CancellationToken cancellationToken)
    {
        var length = MetricsWindowSpec.Parse(window ?? "15m");
        if (!length.IsSuccess)
            return length.Error!.ToResult(http);

        int? versionNumber = null;
        if (!string.IsNullOrWhiteSpace(version))
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                return Error.Validation("invalid-version-number", "A version is a whole number from 1.", [new FieldError("version", $"'{version}' is not a version number.")]).ToResult(http);
            versionNumber = parsed;
        }

        var filter = new MetricsFilter(Blank(prompt), versionNumber, Blank(arm), Blank(model));
        var result = await store.QueryAsync(length.Value, filter, cancellationToken);
        return TypedResults.Json(ToView(window ?? "15m", result), ApiJsonContext.Default.MetricsWindowView);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static MetricsWindowView ToView(string window, MetricsWindow result) => new(
        window.Trim(),
        result.From,
        result.To,
        result.Resolution.TotalSeconds,
        result.Source,
        ToView(result.Total),
        result.BySeries
            .OrderBy(s => s.Key.PromptKey, StringComparer.Ordinal).ThenBy(s => s.Key.PromptVersion).ThenBy(s => s.Key.Model, StringComparer.Ordinal)
            .Select(s => new MetricSeriesView(s.Key.PromptKey, s.Key.PromptVersion, s.Key.RouteArm, s.Key.Model, ToView(s.Value)))
            .ToArray(),
        result.Points.Select(p => new MetricPointView(
            p.Start,
            p.Stats.Count,
            p.Stats.ErrorRate(),
            p.Stats.LatencyMs.Quantile(0.5),
            p.Stats.LatencyMs.Quantile(0.95),
            p.Stats.LatencyMs.Quantile(0.99),
            p.Stats.CostUsd)).ToArray());

    public static MetricStatsView ToView(ExecutionStats stats) => new(
        stats.Count,
        stats.Outcomes.ToDictionary(o => OutcomeName(o.Key), o => o.Value, StringComparer.Ordinal),
        stats.ErrorTypes.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
        stats.CacheLevels.ToDictionary(c => c.Key.ToString().ToLowerInvariant(), c => c.Value, StringComparer.Ordinal),
        stats.ErrorRate(),
        stats.CacheHitRate(),
        new LatencyView(stats.LatencyMs.Quantile(0.5), stats.LatencyMs.Quantile(0.95), stats.LatencyMs.Quantile(0.99), stats.LatencyMs.Mean, stats.LatencyMs.RelativeAccuracy),
        stats.InputTokens,
        stats.OutputTokens,
        stats.CostUsd,
        stats.Retries,
        stats.Fallbacks,
        new QualityView(stats.FeedbackQuality.Average, stats.FeedbackQuality.Count, stats.AutomatedQuality.Average, stats.AutomatedQuality.Count));

    private static string OutcomeName(ExecutionOutcome outcome) => outcome switch
    {
        ExecutionOutcome.OutputRejected => "output_rejected",
        ExecutionOutcome.ProviderFailed => "provider_failed",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
