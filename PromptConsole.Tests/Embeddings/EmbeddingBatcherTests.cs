using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Tests.Embeddings;

/// <summary>The micro-batcher alone, with a run function that can be held, so batch boundaries are exact.</summary>
public sealed class EmbeddingBatcherTests
{
    private sealed class HeldRun
    {
        private readonly SemaphoreSlim _release = new(0);

        public List<string[]> Batches { get; } = [];

        public TaskCompletionSource FirstStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Hold { get; set; } = true;

        public IReadOnlyList<string> Run(IReadOnlyList<string> inputs)
        {
            lock (Batches)
                Batches.Add([.. inputs]);
            FirstStarted.TrySetResult();
            if (Hold)
                _release.Wait();
            return inputs.Select(i => i.ToUpperInvariant()).ToArray();
        }

        public void Release()
        {
            Hold = false;
            _release.Release();
        }
    }

    [Fact]
    public async Task Inputs_that_arrive_while_a_batch_runs_go_together_as_the_next_batch_and_each_caller_gets_its_own_result()
    {
        var run = new HeldRun();
        await using var batcher = new EmbeddingBatcher<string>(run.Run, maxBatch: 16, TimeSpan.Zero, TimeProvider.System);

        var first = batcher.EnqueueAsync("a");
        await run.FirstStarted.Task;
        var others = Enumerable.Range(0, 5).Select(i => batcher.EnqueueAsync($"b{i}")).ToArray();
        run.Release();

        Assert.Equal("A", await first);
        Assert.Equal(["B0", "B1", "B2", "B3", "B4"], await Task.WhenAll(others));
        Assert.Equal([["a"], ["b0", "b1", "b2", "b3", "b4"]], run.Batches);
        Assert.Equal((2, 6, 5), (batcher.Batches, batcher.Inputs, batcher.LargestBatch));
    }

    [Fact]
    public async Task A_queue_longer_than_the_batch_limit_is_split()
    {
        var run = new HeldRun();
        await using var batcher = new EmbeddingBatcher<string>(run.Run, maxBatch: 16, TimeSpan.Zero, TimeProvider.System);

        var first = batcher.EnqueueAsync("first");
        await run.FirstStarted.Task;
        var queued = Enumerable.Range(0, 20).Select(i => batcher.EnqueueAsync($"q{i}")).ToArray();
        run.Release();
        await Task.WhenAll(queued.Append(first));

        Assert.Equal([1, 16, 4], run.Batches.Select(b => b.Length));
    }

    [Fact]
    public async Task Once_callers_arrive_together_a_batch_waits_the_window_for_company()
    {
        var run = new HeldRun();
        await using var batcher = new EmbeddingBatcher<string>(run.Run, maxBatch: 16, TimeSpan.FromMilliseconds(500), TimeProvider.System);

        // A lone caller on an idle worker goes at once (it is held only so the next two queue behind it).
        var solo = batcher.EnqueueAsync("solo");
        await run.FirstStarted.Task;
        var pair = new[] { batcher.EnqueueAsync("x"), batcher.EnqueueAsync("y") };
        run.Release();
        await Task.WhenAll(pair.Append(solo));

        // The last batch had two inputs, so the next one waits up to the window: a caller arriving shortly after joins.
        var early = batcher.EnqueueAsync("z");
        await Task.Delay(30);
        var late = batcher.EnqueueAsync("w");
        await Task.WhenAll(early, late);

        Assert.Equal([["solo"], ["x", "y"], ["z", "w"]], run.Batches);
    }

    [Fact]
    public async Task A_caller_that_gives_up_is_cancelled_and_left_out_of_the_batch()
    {
        var run = new HeldRun();
        await using var batcher = new EmbeddingBatcher<string>(run.Run, maxBatch: 16, TimeSpan.Zero, TimeProvider.System);

        var first = batcher.EnqueueAsync("first");
        await run.FirstStarted.Task;
        using var giveUp = new CancellationTokenSource();
        var cancelled = batcher.EnqueueAsync("cancelled", giveUp.Token);
        var kept = batcher.EnqueueAsync("kept");
        await giveUp.CancelAsync();
        run.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal("KEPT", await kept);
        await first;
        Assert.Equal([["first"], ["kept"]], run.Batches);
    }

    [Fact]
    public async Task A_failing_batch_fails_each_of_its_callers_and_the_worker_keeps_serving()
    {
        var calls = 0;
        await using var batcher = new EmbeddingBatcher<string>(
            inputs => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : inputs,
            maxBatch: 16, TimeSpan.Zero, TimeProvider.System);

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.EnqueueAsync("first"));
        Assert.Equal("second", await batcher.EnqueueAsync("second"));
    }
}
