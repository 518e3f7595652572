namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// Whether this instance runs the fleet-wide background work (controllers, sweeps, pruning, demo traffic). The
/// controllers ask once per tick, so a follower that becomes leader picks the work up at its next tick and a
/// leader that loses the lease stops at its next tick.
/// </summary>
public interface ILeadership
{
    /// <summary>True when this instance leads; waits for the first election attempt after start (quick), so a lone instance's first tick is not skipped.</summary>
    ValueTask<bool> IsLeaderAsync(CancellationToken cancellationToken = default);
}
