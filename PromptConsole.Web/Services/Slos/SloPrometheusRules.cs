using System.Globalization;
using System.Text;
using PromptConsole.Domain.Slos;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Services.Slos;

/// <summary>
/// The SLOs as Prometheus rules over the product's own <c>/metrics</c>, for teams that alert from Prometheus: per SLO,
/// recording rules for the error ratio over each burn-rate window (the SRE workbook's and Sloth's
/// <c>slo:sli_error:ratio_rate&lt;window&gt;</c>) and the period, the objective and budget, and the multi-window
/// multi-burn-rate alerts with <c>severity</c> <c>page</c> or <c>ticket</c>, as <see cref="BurnRateAlertPolicy"/>
/// decides in process. The output is deterministic (no timestamps), so it diffs cleanly in a repository.
/// </summary>
public static class SloPrometheusRules
{
    public const string PageAlertName = "PromptConsoleSloBurnRatePage";
    public const string TicketAlertName = "PromptConsoleSloBurnRateTicket";
    public const string ErrorRatioRecordPrefix = "slo:sli_error:ratio_rate";
    public const string PeriodErrorRatioRecord = "slo:sli_error:ratio_period";

    public static string Render(IReadOnlyList<SloDefinition> slos)
    {
        ArgumentNullException.ThrowIfNull(slos);
        var yaml = new StringBuilder();
        yaml.AppendLine("# PromptConsole SLOs as Prometheus rules (GET /api/v1/slos/prometheus-rules): add this file to rule_files.");
        yaml.AppendLine("# Regenerate it after changing an SLO. Per SLO: slo:sli_error:ratio_rate<window>, the error ratio over each");
        yaml.AppendLine("# burn-rate window (named for a 30-day period, each range scaled to the SLO's period: duration x period / 30d),");
        yaml.AppendLine("# slo:sli_error:ratio_period over the whole period, the objective, the budget and the budget remaining; alerts");
        yaml.AppendLine($"# {PageAlertName} (burn >= {Number(BurnRateAlertPolicy.FastPageBurn)} over 1h and 5m, or >= {Number(BurnRateAlertPolicy.SlowPageBurn)} over 6h and 30m; severity page)");
        yaml.AppendLine($"# and {TicketAlertName} (burn >= {Number(BurnRateAlertPolicy.TicketBurn)} over 3d and 6h; severity ticket).");
        yaml.AppendLine("# Cancelled executions count in neither the good nor the bad events, as in PromptConsole itself.");
        var groups = slos.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id).ToArray();
        if (groups.Length == 0)
        {
            yaml.AppendLine("# No SLOs are defined.");
            yaml.AppendLine("groups: []");
            return yaml.ToString();
        }

        yaml.AppendLine("groups:");
        foreach (var slo in groups)
            AppendGroup(yaml, slo);
        return yaml.ToString();
    }

    private static void AppendGroup(StringBuilder yaml, SloDefinition slo)
    {
        var sli = ErrorRatio.For(slo);
        yaml.AppendLine();
        yaml.AppendLine($"  # SLO {Comment(slo.Name)} ({slo.Id}): {SloIndicatorNames.Of(slo.Indicator)} of {(slo.PromptKey is null ? "every prompt" : "prompt " + slo.PromptKey)}, objective {Number(slo.ObjectivePercent)}% over {slo.PeriodDays}d.");
        if (sli is null)
        {
            yaml.AppendLine($"  # No rules: its latency threshold ({Number(slo.LatencyThresholdMs!.Value)} ms) is below the smallest bucket of {PromptConsoleMetrics.ExecutionDurationName} ({Number(PromptConsoleMetrics.DurationBucketsSeconds[0] * 1000)} ms); it is evaluated in PromptConsole only.");
            return;
        }

        foreach (var line in sli.Explanation)
            yaml.AppendLine($"  # {line}");
        var windows = BurnWindows.For(slo.Period);
        if (slo.PeriodDays != BurnWindows.ReferencePeriod.Days)
            yaml.AppendLine($"  # Windows scaled to {slo.PeriodDays}d: {string.Join(", ", windows.Select(w => $"{w.Name}={BurnWindows.PrometheusDuration(w.Duration)}"))}.");

        var selector = $"slo_id=\"{slo.Id}\"";
        yaml.AppendLine($"  - name: promptconsole-slo-{slo.Id}");
        yaml.AppendLine("    rules:");
        foreach (var window in windows)
            AppendRecord(yaml, ErrorRatioRecordPrefix + window.Name, sli.Expression(BurnWindows.PrometheusDuration(window.Duration)), slo, window.Name);
        var period = $"{slo.PeriodDays}d";
        AppendRecord(yaml, PeriodErrorRatioRecord, sli.Expression(period), slo, period);
        AppendRecord(yaml, "slo:objective:ratio", $"vector({Number(slo.Objective)})", slo, null);
        AppendRecord(yaml, "slo:error_budget:ratio", $"vector({Number(slo.ErrorBudget)})", slo, null);
        AppendRecord(yaml, "slo:period_error_budget_remaining:ratio", $"1 - {PeriodErrorRatioRecord}{{{selector}}} / {Number(slo.ErrorBudget)}", slo, period);

        var page = BurnRateAlertPolicy.Conditions.Where(c => c.Severity == Domain.Alerts.AlertSeverity.Page).ToArray();
        var ticket = BurnRateAlertPolicy.Conditions.Where(c => c.Severity == Domain.Alerts.AlertSeverity.Ticket).ToArray();
        AppendAlert(yaml, PageAlertName, "page", page, slo, selector, "burns its error budget fast: at this rate it is gone within days");
        AppendAlert(yaml, TicketAlertName, "ticket", ticket, slo, selector, "burns its error budget faster than it lasts the period");
    }

    private static void AppendRecord(StringBuilder yaml, string record, string expression, SloDefinition slo, string? window)
    {
        yaml.AppendLine($"      - record: {record}");
        yaml.AppendLine("        expr: |");
        foreach (var line in expression.Split('\n'))
            yaml.AppendLine("          " + line);
        yaml.AppendLine("        labels:");
        yaml.AppendLine($"          slo_id: {Quoted(slo.Id.ToString())}");
        yaml.AppendLine($"          slo_name: {Quoted(slo.Name)}");
        if (slo.PromptKey is not null)
            yaml.AppendLine($"          prompt: {Quoted(slo.PromptKey)}");
        if (window is not null)
            yaml.AppendLine($"          slo_window: {Quoted(window)}");
    }

    private static void AppendAlert(StringBuilder yaml, string name, string severity, IReadOnlyList<BurnRateCondition> conditions, SloDefinition slo, string selector, string meaning)
    {
        var budget = Number(slo.ErrorBudget);
        var clauses = conditions.Select(c =>
            $"(\n  max without (slo_window) ({ErrorRatioRecordPrefix}{c.LongWindow}{{{selector}}} >= ({Number(c.Threshold)} * {budget}))\n"
            + $"  and\n  max without (slo_window) ({ErrorRatioRecordPrefix}{c.ShortWindow}{{{selector}}} >= ({Number(c.Threshold)} * {budget}))\n)");
        yaml.AppendLine($"      - alert: {name}");
        yaml.AppendLine("        expr: |");
        foreach (var line in string.Join("\nor\n", clauses).Split('\n'))
            yaml.AppendLine("          " + line);
        yaml.AppendLine("        labels:");
        yaml.AppendLine($"          severity: {severity}");

        // Also on the recorded series; stated here so each SLO's alert rules differ (promtool flags identical ones).
        yaml.AppendLine($"          slo_id: {Quoted(slo.Id.ToString())}");
        yaml.AppendLine("        annotations:");
        yaml.AppendLine($"          summary: {Quoted("SLO {{ $labels.slo_name }} " + meaning)}");
        yaml.AppendLine($"          description: {Quoted($"The error ratio is {{{{ $value | humanizePercentage }}}} against a budget of {Number(slo.ErrorBudget * 100)}% ({string.Join("; ", conditions.Select(c => $"burn >= {Number(c.Threshold)} over {c.LongWindow} and {c.ShortWindow}"))}).")}");
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>A name in a comment: one line, quoted.</summary>
    private static string Comment(string text) => Quoted(text.ReplaceLineEndings(" "));

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A matcher for the bucket with upper bound <paramref name="bound"/>. Prometheus keeps <c>le</c> as scraped: the
    /// text format writes a whole bound as <c>1</c>, OpenMetrics (which Prometheus asks for first) as <c>1.0</c>, so
    /// whole bounds match both.
    /// </summary>
    private static string LeMatcher(double bound) => bound == Math.Floor(bound)
        ? $"le=~\"{Number(bound)}(\\\\.0)?\""
        : $"le=\"{Number(bound)}\"";

    /// <summary>A PromQL string literal.</summary>
    private static string PromQlString(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>An SLO's error ratio as PromQL over a range, and how it maps the SLO onto the exposed metrics.</summary>
    private sealed record ErrorRatio(Func<string, string> Expression, IReadOnlyList<string> Explanation)
    {
        /// <summary>Null when the metrics cannot express the SLO (a latency threshold below every bucket).</summary>
        public static ErrorRatio? For(SloDefinition slo)
        {
            var prompt = slo.PromptKey is null ? "" : $"prompt={PromQlString(slo.PromptKey)}";
            string With(string matchers)
            {
                var all = string.Join(",", new[] { prompt, matchers }.Where(m => m.Length > 0));
                return all.Length == 0 ? "" : "{" + all + "}";
            }

            return slo.Indicator switch
            {
                SloIndicator.Availability => Availability(With),
                SloIndicator.Latency => Latency(slo, With),
                SloIndicator.Quality => Quality(slo, With),
                _ => throw new ArgumentOutOfRangeException(nameof(slo), slo.Indicator, "Unknown indicator."),
            };
        }

        private static ErrorRatio Availability(Func<string, string> with)
        {
            var executions = PromptConsoleMetrics.ExecutionsName;
            return new ErrorRatio(
                range => $"(sum(rate({executions}{with("status=~\"output_rejected|provider_failed\"")}[{range}])) or vector(0))\n/\nsum(rate({executions}{with("status!=\"cancelled\"")}[{range}]))",
                [$"Bad events: {executions} with status output_rejected or provider_failed (0 when no execution ever failed), out of every status but cancelled."]);
        }

        private static ErrorRatio? Latency(SloDefinition slo, Func<string, string> with)
        {
            var threshold = slo.LatencyThresholdMs!.Value / 1000d;
            var bounds = PromptConsoleMetrics.DurationBucketsSeconds;
            if (threshold < bounds[0])
                return null;

            // The largest bound at or below the threshold: Prometheus then counts no slow execution as fast.
            var bound = bounds.Last(b => b <= threshold);
            var duration = PromptConsoleMetrics.ExecutionDurationName;
            var note = bound == threshold
                ? $"Good events: {duration} at or below {Number(bound)} s (the bucket with le {Number(bound)}, the threshold)."
                : $"Good events: {duration} in the bucket with le {Number(bound)}: the threshold {Number(threshold)} s is not a bucket bound, so the largest bound below it is used and executions between {Number(bound)} s and {Number(threshold)} s count as bad here (good in PromptConsole).";
            return new ErrorRatio(
                range => $"(\n  sum(rate({duration}_count{with("")}[{range}]))\n  -\n  sum(rate({duration}_bucket{with(LeMatcher(bound))}[{range}]))\n)\n/\nsum(rate({duration}_count{with("")}[{range}]))",
                [note]);
        }

        private static ErrorRatio Quality(SloDefinition slo, Func<string, string> with)
        {
            var threshold = slo.QualityThreshold!.Value;
            var feedback = PromptConsoleMetrics.QualityScoreName;
            var evaluation = PromptConsoleMetrics.EvaluationScoreName;

            // Feedback is a whole number 1–5 and counts as (score − 1) / 4: below the threshold means at most the
            // largest whole score under 1 + 4 × threshold, which is one of the histogram's bounds (1..5) — exact.
            var feedbackBad = (int)Math.Ceiling(1 + 4 * threshold - 1e-9) - 1;
            // Automated grades are continuous: the smallest bound at or above the threshold, so no low grade counts as good.
            var evaluationBound = threshold <= 0 ? (double?)null : PromptConsoleMetrics.EvaluationScoreBuckets.First(b => b >= threshold - 1e-9);

            string Rate(string series, string matchers, string range) => $"(sum(rate({series}{with(matchers)}[{range}])) or vector(0))";
            string Bad(string range) => string.Join("\n  +\n  ", new[]
            {
                feedbackBad >= 1 ? Rate(feedback + "_bucket", LeMatcher(feedbackBad), range) : null,
                evaluationBound is { } bound ? Rate(evaluation + "_bucket", LeMatcher(bound), range) : null,
            }.Where(term => term is not null).DefaultIfEmpty("vector(0)"));
            var notes = new List<string>
            {
                $"Events: every score, people's feedback ({feedback}, 1-5, counted as (score - 1) / 4) and automated grades ({evaluation}, 0-1).",
                feedbackBad >= 1
                    ? $"Bad feedback: scores up to {feedbackBad} (the bucket with le {feedbackBad}), i.e. below {Number(1 + 4 * threshold)} of 5."
                    : "Bad feedback: none (every score is at or above the threshold).",
                evaluationBound is { } b
                    ? $"Bad automated grades: the bucket with le {Number(b)}, the smallest bound at or above the threshold {Number(threshold)}, so grades up to {Number(b)} count as bad here (PromptConsole counts a grade equal to the threshold as good)."
                    : "Bad automated grades: none (the threshold is 0).",
            };
            return new ErrorRatio(
                range => $"(\n  {Bad(range)}\n)\n/\n(\n  {Rate(feedback + "_count", "", range)}\n  +\n  {Rate(evaluation + "_count", "", range)}\n)",
                notes);
        }
    }
}
