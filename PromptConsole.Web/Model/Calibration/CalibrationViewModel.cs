using System.Globalization;
using PromptConsole.Web.Services.Calibration;

namespace PromptConsole.Web.Model.Calibration;

/// <summary>
/// The prompt page's Calibration tab: for each evaluator, how far its automated scores (put on the 1–5 scale) sit from
/// people's feedback on the same executions, over the last <see cref="Window"/>, with its daily trend.
/// </summary>
public sealed class CalibrationViewModel(ICalibrationService calibration)
{
    public static readonly IReadOnlyList<int> WindowDays = [7, 28, 90];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string PromptKey { get; private set; } = string.Empty;

    public int Days { get; private set; } = 28;

    public TimeSpan Window => TimeSpan.FromDays(Days);

    public bool Loaded { get; private set; }

    public PromptCalibration? Calibration { get; private set; }

    public ErrorView? Error { get; private set; }

    public async Task LoadAsync(string promptKey, int? days = null, CancellationToken cancellationToken = default)
    {
        PromptKey = promptKey;
        if (days is { } d)
            Days = d;
        var result = await calibration.GetAsync(promptKey, Window, cancellationToken);
        Calibration = result.IsSuccess ? result.Value : null;
        Error = result.IsSuccess ? null : ErrorView.From(result.Error!);
        Loaded = true;
    }

    public static string StatusLabel(string status) => status switch
    {
        "well-calibrated" => "Well calibrated",
        "minor-drift" => "Minor drift",
        "significant-drift" => "Significant drift",
        "insufficient-data" => "Insufficient data",
        _ => status,
    };

    /// <summary>"+0.42" points on the 1–5 scale: positive when the evaluator scores higher than people do.</summary>
    public static string Delta(double? delta) => delta is { } d ? (d < 0 ? "−" : "+") + Math.Abs(d).ToString("0.00", Invariant) : MetricsFormat.Nothing;

    /// <summary>A line for the trend: the evaluator's mean delta per day.</summary>
    public static ChartData TrendChart(EvaluatorCalibration evaluator, int index) =>
        new($"calibration-{evaluator.Evaluator}", $"{evaluator.Evaluator}: mean delta per day", "Automated score on the 1–5 scale minus the feedback", ChartUnit.Score,
            [new ChartSeries(evaluator.Evaluator, evaluator.Trend.OrderBy(p => p.Day).Select(p => new ChartPoint(p.Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), p.MeanDelta)).ToArray(),
                evaluator.MeanDelta, ChartPalette.ForVersion(index + 1))]);
}
