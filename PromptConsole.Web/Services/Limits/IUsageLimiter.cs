namespace PromptConsole.Web.Services.Limits;

/// <summary>
/// Per-key and per-tenant limits, shared by every instance: requests per second counted atomically on admission,
/// tokens per minute and the monthly budget refused once the recorded usage reached them.
/// </summary>
public interface IUsageLimiter
{
    /// <summary>Admits the request (counting it) or names the limit that refuses it. Never throws over an unreachable store: it admits.</summary>
    Task<UsageVerdict> AdmitAsync(UsageCaller caller, CancellationToken cancellationToken);

    /// <summary>Adds what an admitted request used, once it is known.</summary>
    Task RecordAsync(UsageCaller caller, int tokens, decimal costUsd, CancellationToken cancellationToken);

    /// <summary>True while Redis is configured but unreachable and the database counts instead.</summary>
    bool IsFallingBack { get; }
}
