using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

/// <summary>Only the automation status, which the canary page shows; set <see cref="Status"/> to stand automation down.</summary>
public sealed class FakeAutomaticRollbacks : IAutomaticRollbacks
{
    public AutomationStatus Status { get; set; } = new(true, null, null, 0);

    public Task<AutomaticRollbackOutcome> TryRollBackAsync(AutomaticRollbackRequest request, Func<CancellationToken, Task<Error?>> moveTraffic, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The console does not roll back automatically.");

    public Task<AutomationStatus> GetStatusAsync(string promptKey, CancellationToken cancellationToken = default) => Task.FromResult(Status);

    public Task<IReadOnlyList<AutomaticRollbackView>> ListAsync(string promptKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AutomaticRollbackView>>([]);

    public Task<int> CheckRecoveriesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}
