using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// The release gate of golden sets: a version whose last golden run failed, or that has none when the prompt
/// requires one, may not be deployed or canaried unless the operator overrides with a reason.
/// </summary>
public interface IGoldenGate
{
    /// <summary>
    /// Null when <paramref name="version"/> may be released by <paramref name="action"/> (<c>deploy</c> or
    /// <c>canary</c>); otherwise a Conflict with code <c>golden-gate</c> naming <paramref name="versionField"/> and
    /// saying why. A non-empty <paramref name="overrideReason"/> lets a refused release through and is audited
    /// (<c>golden.gate-overridden</c>).
    /// </summary>
    Task<Error?> CheckReleaseAsync(
        string promptKey,
        int version,
        string action,
        string versionField,
        string? overrideReason,
        string actor,
        CancellationToken cancellationToken = default);
}
