using PromptConsole.Domain.Caching;

namespace PromptConsole.Tests.Domain.Caching;

public sealed class ThresholdCalibrationTests
{
    private static readonly LabelledPair[] Pairs =
    [
        new(0.98, true), new(0.95, true), new(0.93, false), new(0.91, true),
        new(0.88, true), new(0.86, false), new(0.82, false), new(0.70, true),
    ];

    public static TheoryData<string, double, double?> Targets => new()
    {
        // ≥0.93: 2 of 3 right (0.67); ≥0.94: 2 of 2 (1.0); ≥0.91: 3 of 4 (0.75); ≥0.88: 4 of 5 (0.8); ≥0.86: 4 of 6; ≥0.80: 4 of 7.
        { "perfect precision starts at 0.94", 1.0, 0.94 },
        { "0.8 is reached at 0.87 (nothing lies between 0.87 and 0.88)", 0.8, 0.87 },
        { "0.75 also at 0.87: the lowest threshold reaching it wins", 0.75, 0.87 },
        { "0.5 everywhere from 0.80", 0.5, 0.80 },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_calibrated_threshold_is_the_lowest_reaching_the_target_precision(string name, double target, double? expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, ThresholdCalibration.Calibrate(Pairs, target).CalibratedThreshold);
    }

    [Fact]
    public void Precision_and_recall_per_threshold()
    {
        var result = ThresholdCalibration.Calibrate(Pairs, 0.9);
        var at088 = result.Rows.Single(r => Math.Abs(r.Threshold - 0.88) < 1e-9);

        Assert.Equal(5, at088.Served);
        Assert.Equal(4, at088.TruePositives);
        Assert.Equal(0.8, at088.Precision!.Value, 9);
        Assert.Equal(0.8, at088.Recall, 9); // 4 of the 5 same-answer pairs (0.70 is missed)
        Assert.Null(result.Rows.Single(r => Math.Abs(r.Threshold - 0.99) < 1e-9).Precision);
    }

    [Fact]
    public void No_threshold_when_the_target_is_out_of_reach()
    {
        Assert.Null(ThresholdCalibration.Calibrate([new(0.99, false), new(0.95, false)], 0.5).CalibratedThreshold);
        Assert.Null(ThresholdCalibration.Calibrate([], 0.5).CalibratedThreshold);
    }
}
