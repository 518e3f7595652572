using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Common;

namespace PromptConsole.Tests.Batches;

/// <summary>The batch jobs' pure decisions, case by case.</summary>
public sealed class BatchRulesTests
{
    [Theory]
    [InlineData("queued job is cancelled", BatchStatus.Queued, CancelDecision.Cancel)]
    [InlineData("running job is cancelled", BatchStatus.Running, CancelDecision.Cancel)]
    [InlineData("cancelling twice is fine", BatchStatus.Cancelled, CancelDecision.AlreadyCancelled)]
    [InlineData("a completed job is too late", BatchStatus.Completed, CancelDecision.AlreadyFinished)]
    [InlineData("a failed job is too late", BatchStatus.Failed, CancelDecision.AlreadyFinished)]
    public void Cancel_decisions(string name, BatchStatus status, CancelDecision expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, BatchRules.DecideCancel(status));
    }

    [Theory]
    [InlineData("items left: still running", BatchStatus.Running, 10, 5, 2, 0, BatchStatus.Running)]
    [InlineData("last item finished: completed", BatchStatus.Running, 10, 8, 2, 0, BatchStatus.Completed)]
    [InlineData("all failed is still completed", BatchStatus.Running, 3, 0, 3, 0, BatchStatus.Completed)]
    [InlineData("a cancelled job stays cancelled", BatchStatus.Cancelled, 10, 3, 0, 7, BatchStatus.Cancelled)]
    [InlineData("queued with nothing pending completes", BatchStatus.Queued, 1, 1, 0, 0, BatchStatus.Completed)]
    public void Status_after_an_item(string name, BatchStatus current, int total, int succeeded, int failed, int cancelled, BatchStatus expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, BatchRules.StatusAfterItem(current, new BatchCounts(total, succeeded, failed, cancelled)));
    }

    [Theory]
    [InlineData("not started", null, 10, 5.0, null)]
    [InlineData("nothing finished", 0.0, 0, 5.0, null)]
    [InlineData("ten in five seconds", 0.0, 10, 5.0, 2.0)]
    [InlineData("no time passed", 0.0, 3, 0.0, null)]
    public void Items_per_second(string name, double? startedAfter, int finished, double untilSeconds, double? expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var origin = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        DateTimeOffset? started = startedAfter is { } s ? origin.AddSeconds(s) : null;
        Assert.Equal(expected, BatchRules.ItemsPerSecond(finished, started, origin.AddSeconds(untilSeconds)));
    }

    [Theory]
    [InlineData("empty", 0, 5, "batch-empty", ErrorKind.Validation)]
    [InlineData("at the cap", 5, 5, null, null)]
    [InlineData("over the cap", 6, 5, "batch-too-large", ErrorKind.TooLarge)]
    public void Size_checks(string name, int items, int max, string? code, ErrorKind? kind)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var error = BatchRules.CheckSize(items, max, "items");
        Assert.Equal(code, error?.Code);
        Assert.Equal(kind, error?.Kind);
        if (error is not null)
            Assert.Equal("items", Assert.Single(error.FieldErrors).Field);
    }

    [Theory]
    [InlineData("half off", 1.0, 0.5, 0.5)]
    [InlineData("no discount", 1.0, 0.0, 1.0)]
    [InlineData("free", 1.0, 1.0, 0.0)]
    [InlineData("out of range is clamped", 1.0, 1.5, 0.0)]
    public void Discounted_cost(string name, double list, double discount, double expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal((decimal)expected, BatchRules.DiscountedCost((decimal)list, discount));
    }

    [Theory]
    [InlineData(null, BatchMode.Gateway)]
    [InlineData("", BatchMode.Gateway)]
    [InlineData("gateway", BatchMode.Gateway)]
    [InlineData("Provider-Batch", BatchMode.ProviderBatch)]
    [InlineData("overnight", null)]
    public void Mode_names(string? text, BatchMode? expected) => Assert.Equal(expected, BatchNames.ParseMode(text));

    [Fact]
    public void Counts_add_up()
    {
        var counts = new BatchCounts(10, 4, 2, 1);
        Assert.Equal(3, counts.Pending);
        Assert.Equal(7, counts.Finished);
        Assert.Equal(0.7, counts.Progress, 6);
        Assert.Equal(1, new BatchCounts(0, 0, 0, 0).Progress);
    }
}
