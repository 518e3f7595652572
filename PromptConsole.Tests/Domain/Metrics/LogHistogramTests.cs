using System.Text.Json;
using PromptConsole.Domain.Metrics;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class LogHistogramTests
{
    public static TheoryData<string, double, int> QuantileCases()
    {
        var cases = new TheoryData<string, double, int>();
        foreach (var dataset in new[] { "uniform", "log-normal", "constant", "tiny", "six-orders", "with-zeros" })
        {
            foreach (var accuracy in new[] { 0.01, 0.05 })
            {
                foreach (var percentile in new[] { 0, 50, 95, 99, 100 })
                    cases.Add(dataset, accuracy, percentile);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(QuantileCases))]
    public void Quantiles_are_within_the_relative_accuracy_of_the_exact_quantile(string dataset, double accuracy, int percentile)
    {
        var q = percentile / 100.0;
        var values = Dataset(dataset);
        var histogram = HistogramOf(values, accuracy);

        var exact = ExactQuantile(values, q);
        var estimate = histogram.Quantile(q)!.Value;

        // A value in the zero bucket is reported with an absolute error of at most the zero threshold;
        // the tiny factor on α absorbs rounding when a value sits exactly on a bucket boundary.
        var tolerance = exact <= histogram.MinIndexableValue ? histogram.MinIndexableValue : accuracy * exact * (1 + 1e-9);
        Assert.True(
            Math.Abs(estimate - exact) <= tolerance,
            $"{dataset} p{percentile} at α={accuracy}: estimate {estimate}, exact {exact}, relative error {Math.Abs(estimate - exact) / exact}");
    }

    [Theory]
    [InlineData(0.01, 700)]
    [InlineData(0.05, 140)]
    public void Six_orders_of_magnitude_fit_in_a_bounded_number_of_buckets(double accuracy, int maxBuckets)
    {
        // ln(10^6) / ln γ buckets at most, whatever the number of values.
        var histogram = HistogramOf(Dataset("six-orders"), accuracy);

        Assert.InRange(histogram.BucketCount, 1, maxBuckets);
    }

    [Fact]
    public void Counts_sums_and_extremes_are_exact()
    {
        var histogram = HistogramOf([3, 0, 250.5, 12]);

        Assert.Equal(4, histogram.Count);
        Assert.Equal(1, histogram.ZeroCount);
        Assert.Equal(265.5, histogram.Sum);
        Assert.Equal(0, histogram.Min);
        Assert.Equal(250.5, histogram.Max);
        Assert.Equal(66.375, histogram.Mean);
    }

    [Fact]
    public void An_empty_histogram_has_no_quantiles_or_extremes()
    {
        var histogram = new LogHistogram();

        Assert.Null(histogram.Quantile(0.5));
        Assert.Null(histogram.Min);
        Assert.Null(histogram.Max);
        Assert.Null(histogram.Mean);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Values_that_cannot_be_latencies_are_refused(double value)
    {
        var histogram = new LogHistogram();

        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Add(value));
        Assert.Equal(0, histogram.Count);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Quantiles_outside_zero_to_one_are_refused(double q)
    {
        var histogram = HistogramOf([1, 2, 3]);

        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Quantile(q));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(0.0000001)]
    public void Accuracies_outside_the_supported_range_are_refused(double accuracy) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogHistogram(accuracy));

    [Theory]
    [InlineData("uniform", 2)]
    [InlineData("log-normal", 3)]
    [InlineData("six-orders", 5)]
    [InlineData("with-zeros", 2)]
    [InlineData("tiny", 4)]
    public void Merging_instances_equals_the_histogram_of_their_union_bucket_by_bucket(string dataset, int instances)
    {
        var values = Dataset(dataset);
        var random = new Random(17);
        var parts = Enumerable.Range(0, instances).Select(_ => new List<double>()).ToArray();
        foreach (var value in values)
            parts[random.Next(instances)].Add(value);

        var merged = new LogHistogram();
        foreach (var part in parts)
            Assert.True(merged.Merge(HistogramOf(part)).IsSuccess);

        AssertSameHistogram(HistogramOf(values), merged);
    }

    [Fact]
    public void Merging_with_an_empty_histogram_changes_nothing_either_way()
    {
        var values = Dataset("log-normal");

        var intoEmpty = new LogHistogram();
        intoEmpty.Merge(HistogramOf(values));
        var fromEmpty = HistogramOf(values);
        fromEmpty.Merge(new LogHistogram());

        AssertSameHistogram(HistogramOf(values), intoEmpty);
        AssertSameHistogram(HistogramOf(values), fromEmpty);
    }

    [Fact]
    public void Merging_a_histogram_into_itself_doubles_it()
    {
        double[] values = [1, 5, 5, 80, 0];
        var histogram = HistogramOf(values);

        histogram.Merge(histogram);

        AssertSameHistogram(HistogramOf([.. values, .. values]), histogram);
    }

    [Theory]
    [InlineData(0.01, 1e-6, 0.02, 1e-6)]
    [InlineData(0.05, 1e-6, 0.01, 1e-6)]
    [InlineData(0.01, 1e-6, 0.01, 1e-3)]
    public void Histograms_with_different_buckets_refuse_to_merge(double accuracy, double minimum, double otherAccuracy, double otherMinimum)
    {
        var target = new LogHistogram(accuracy, minimum);
        target.Add(10);
        var before = target.ToSnapshot();
        var other = new LogHistogram(otherAccuracy, otherMinimum);
        other.Add(20);

        var result = target.Merge(other);

        Assert.False(result.IsSuccess);
        Assert.Equal("histogram-accuracy-mismatch", result.Error!.Code);
        Assert.Equal(before.Buckets, target.ToSnapshot().Buckets);
        Assert.Equal(1, target.Count);
    }

    [Theory]
    [InlineData("log-normal")]
    [InlineData("with-zeros")]
    [InlineData("six-orders")]
    public void A_snapshot_survives_a_json_round_trip(string dataset)
    {
        var original = HistogramOf(Dataset(dataset), 0.02);

        var json = JsonSerializer.Serialize(original.ToSnapshot());
        var restored = LogHistogram.FromSnapshot(JsonSerializer.Deserialize<LogHistogramSnapshot>(json)!);

        Assert.True(restored.IsSuccess, restored.Error?.Message);
        AssertSameHistogram(original, restored.Value);
        Assert.Equal(original.Sum, restored.Value.Sum);
        foreach (var q in new[] { 0.5, 0.95, 0.99 })
            Assert.Equal(original.Quantile(q), restored.Value.Quantile(q));
    }

    [Fact]
    public void An_empty_snapshot_round_trips_and_still_accepts_values()
    {
        var restored = LogHistogram.FromSnapshot(new LogHistogram().ToSnapshot());

        Assert.True(restored.IsSuccess);
        restored.Value.Add(7);
        AssertSameHistogram(HistogramOf([7]), restored.Value);
    }

    [Fact]
    public void The_snapshot_is_sparse_and_in_index_order()
    {
        var snapshot = HistogramOf([1000, 1, 1, 0, 50]).ToSnapshot();

        Assert.Equal(3, snapshot.Buckets.Count);
        Assert.Equal(snapshot.Buckets.OrderBy(b => b.Index).ToArray(), snapshot.Buckets);
        Assert.Equal([2L, 1L, 1L], snapshot.Buckets.Select(b => b.Count));
        Assert.Equal(1, snapshot.ZeroCount);
    }

    [Theory]
    [InlineData("count disagrees with the buckets", "count")]
    [InlineData("a bucket appears twice", "buckets")]
    [InlineData("a bucket is empty", "buckets")]
    [InlineData("accuracy out of range", "relativeAccuracy")]
    [InlineData("zero threshold not positive", "minIndexableValue")]
    [InlineData("min missing", "min")]
    [InlineData("min above max", "min")]
    [InlineData("negative zero count", "count")]
    [InlineData("sum not finite", "sum")]
    public void Inconsistent_snapshots_are_refused(string damage, string field)
    {
        var valid = HistogramOf([0, 2, 3, 40]).ToSnapshot();
        var bucket = valid.Buckets[0];
        var damaged = damage switch
        {
            "count disagrees with the buckets" => valid with { Count = valid.Count + 1 },
            "a bucket appears twice" => valid with { Buckets = [.. valid.Buckets, bucket], Count = valid.Count + bucket.Count },
            "a bucket is empty" => valid with { Buckets = [.. valid.Buckets, new HistogramBucket(9999, 0)] },
            "accuracy out of range" => valid with { RelativeAccuracy = 1.5 },
            "zero threshold not positive" => valid with { MinIndexableValue = 0 },
            "min missing" => valid with { Min = null },
            "min above max" => valid with { Min = 50 },
            "negative zero count" => valid with { ZeroCount = -1 },
            "sum not finite" => valid with { Sum = double.NaN },
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };

        var result = LogHistogram.FromSnapshot(damaged);

        Assert.False(result.IsSuccess, damage);
        Assert.Equal("invalid-histogram-snapshot", result.Error!.Code);
        Assert.Equal(field, Assert.Single(result.Error.FieldErrors).Field);
    }
}
