using System.Threading.Channels;

namespace PromptConsole.Web.Services.Batches;

/// <summary>Wakes this instance's runner when a job is accepted here, so it starts at once rather than at the next poll.</summary>
public sealed class BatchRunnerSignal
{
    private readonly Channel<bool> _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakeups.Writer.TryWrite(true);

    /// <summary>Completes at the next wake-up (one already signalled counts); several waiters may share it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _wakeups.Reader.WaitToReadAsync(cancellationToken);
        _wakeups.Reader.TryRead(out _);
    }
}
