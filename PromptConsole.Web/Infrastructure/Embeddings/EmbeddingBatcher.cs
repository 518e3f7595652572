using System.Threading.Channels;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// Micro-batching: single inputs from concurrent callers go through one worker that runs them as one batch
/// (at most <c>maxBatch</c>). Inputs that arrive while a batch runs form the next one. Once callers arrive
/// together (this batch or the previous one had more than one input) a batch also waits up to <c>window</c> for
/// company; a lone caller on an idle worker never waits, so sequential callers pay nothing for batching.
/// </summary>
public sealed class EmbeddingBatcher<TResult> : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<string>, IReadOnlyList<TResult>> _run;
    private readonly int _maxBatch;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Task _worker;
    private long _batches;
    private long _inputs;
    private int _largestBatch;

    /// <param name="run">Runs one batch; returns one result per input, in order. Called on the worker only.</param>
    public EmbeddingBatcher(Func<IReadOnlyList<string>, IReadOnlyList<TResult>> run, int maxBatch, TimeSpan window, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _run = run;
        _maxBatch = maxBatch;
        _window = window;
        _time = time;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Batches run so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Inputs run so far.</summary>
    public long Inputs => Interlocked.Read(ref _inputs);

    public int LargestBatch => Volatile.Read(ref _largestBatch);

    public Task<TResult> EnqueueAsync(string input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(input, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(EmbeddingBatcher<TResult>));
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var inputs = new List<string>(_maxBatch);
        var previousSize = 0;
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            Drain(batch);
            if (batch.Count < _maxBatch && _window > TimeSpan.Zero && (batch.Count > 1 || previousSize > 1))
                await WaitForCompanyAsync(batch).ConfigureAwait(false);
            if (batch.Count == 0)
                continue;

            inputs.Clear();
            foreach (var pending in batch)
                inputs.Add(pending.Input);
            IReadOnlyList<TResult>? results = null;
            Exception? failure = null;
            try
            {
                results = _run(inputs);
            }
#pragma warning disable CA1031 // Every caller of the batch gets the failure; the worker keeps serving.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }

            // Counted before the callers resume, so what they observe afterwards includes their batch.
            previousSize = batch.Count;
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _inputs, batch.Count);
            if (batch.Count > _largestBatch)
                Volatile.Write(ref _largestBatch, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (results is not null)
                    batch[i].Complete(results[i]);
                else
                    batch[i].Fail(failure!);
            }
        }
    }

    /// <summary>Takes what is queued, up to the batch limit, skipping callers that gave up.</summary>
    private void Drain(List<Pending> batch)
    {
        while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
        {
            if (!pending.Completion.Task.IsCompleted)
                batch.Add(pending);
        }
    }

    private async Task WaitForCompanyAsync(List<Pending> batch)
    {
        var deadline = _time.GetTimestamp() + (long)(_window.TotalSeconds * _time.TimestampFrequency);
        while (batch.Count < _maxBatch)
        {
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
                return;
            using var timeout = new CancellationTokenSource(remaining, _time);
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                    return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Drain(batch);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private sealed class Pending
    {
        private readonly CancellationTokenRegistration _registration;

        public Pending(string input, CancellationToken cancellationToken)
        {
            Input = input;
            if (cancellationToken.CanBeCanceled)
                _registration = cancellationToken.Register(() => Completion.TrySetCanceled(cancellationToken));
        }

        public string Input { get; }

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Complete(TResult result)
        {
            _registration.Dispose();
            Completion.TrySetResult(result);
        }

        public void Fail(Exception exception)
        {
            _registration.Dispose();
            Completion.TrySetException(exception);
        }
    }
}
