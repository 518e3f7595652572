using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Persistence;

/// <summary>When the recorder's writer gives up its core between rows: only while it keeps up with the load.</summary>
public sealed class RecorderYieldDecisionTests
{
    [Theory]
    // A 1,000 req/s load: a batch of 200 after the delay, nothing or a few records behind it.
    [InlineData(200, 200, 500, true)]
    [InlineData(230, 200, 500, true)]
    // A flush or a stop writes a short batch alone.
    [InlineData(3, 3, 500, true)]
    // Just under one batch behind this one: still keeping up.
    [InlineData(999, 500, 500, true)]
    // A full batch waits behind this one: the load is above what the writer keeps up with while yielding.
    [InlineData(1_000, 500, 500, false)]
    [InlineData(40_000, 500, 500, false)]
    // A small configured batch size counts the same way.
    [InlineData(20, 10, 10, false)]
    [InlineData(19, 10, 10, true)]
    public void The_writer_yields_between_rows_only_while_fewer_than_a_batch_wait_behind_the_one_it_writes(long waiting, int batchCount, int batchSize, bool yields) =>
        Assert.Equal(yields, BatchingExecutionRecorder.YieldsBetweenRows(waiting, batchCount, batchSize));
}
