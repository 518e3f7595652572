namespace PromptConsole.Web.Services.Limits;

/// <summary>
/// What the executions of one admitted request used (tokens and dollars), summed as their records are made. The
/// usage-limit filter opens a tally around the endpoint (<see cref="Begin"/>); the execution recorder adds every record
/// made in that call (<see cref="UsageTallyingExecutionRecorder"/>), so the executor and the gateway need no
/// knowledge of limits; the filter then records the total for the caller.
/// </summary>
public sealed class UsageTally
{
    private static readonly AsyncLocal<UsageTally?> Ambient = new();

    private readonly Lock _lock = new();
    private long _tokens;
    private decimal _costUsd;

    /// <summary>The tally of the request this code runs for, if its endpoint counts usage.</summary>
    public static UsageTally? Current => Ambient.Value;

    public long Tokens => Interlocked.Read(ref _tokens);

    public decimal CostUsd
    {
        get
        {
            lock (_lock)
                return _costUsd;
        }
    }

    /// <summary>Opens a tally for the rest of this async flow; dispose to close it.</summary>
    public static Scope Begin()
    {
        var tally = new UsageTally();
        var previous = Ambient.Value;
        Ambient.Value = tally;
        return new Scope(tally, previous);
    }

    public void Add(long tokens, decimal costUsd)
    {
        Interlocked.Add(ref _tokens, Math.Max(0, tokens));
        lock (_lock)
            _costUsd += Math.Max(0, costUsd);
    }

    public readonly struct Scope(UsageTally tally, UsageTally? previous) : IDisposable
    {
        public UsageTally Tally => tally;

        public void Dispose() => Ambient.Value = previous;
    }
}
