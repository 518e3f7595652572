namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>One scope's request counter in the current second and the most it may reach.</summary>
public readonly record struct RequestCounter(string Scope, int Limit);

/// <summary>
/// Where the short windows (requests per second, tokens per minute) are counted, shared by every instance: Redis
/// when configured and reachable, else the database. Both count atomically.
/// </summary>
public interface IUsageCounterStore
{
    /// <summary>
    /// Counts one request in each counter's second; when one goes above its limit, none is counted and the index of
    /// the first refusing counter is returned (else -1).
    /// </summary>
    Task<int> CountRequestAsync(IReadOnlyList<RequestCounter> counters, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Tokens recorded in the current minute, per scope (0 when none), in the order given.</summary>
    Task<long[]> ReadTokensAsync(IReadOnlyList<string> scopes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds tokens to each scope's current minute.</summary>
    Task AddTokensAsync(IReadOnlyList<string> scopes, long tokens, DateTimeOffset now, CancellationToken cancellationToken);
}
