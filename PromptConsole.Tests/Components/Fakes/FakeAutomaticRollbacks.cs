using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Answers the automation status the test sets (available by default); performs nothing.</summary>
public sealed class FakeAutomaticRollbacks : IAutomaticRollbacks
{
    public AutomationStatus Status { get; set; } = new(true, null, null, 0);

    public Task<AutomaticRollbackOutcome> TryRollBackAsync(AutomaticRollbackRequest request, Func<CancellationToken, Task<Error?>> moveTraffic, CancellationToken cancellationToken = default) =>
        Task.FromResult(new AutomaticRollbackOutcome(false, Status.Reason ?? "not in the console tests", null));

    public Task<AutomationStatus> GetStatusAsync(string promptKey, CancellationToken cancellationToken = default) => Task.FromResult(Status);

    public Task<IReadOnlyList<AutomaticRollbackView>> ListAsync(string promptKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AutomaticRollbackView>>([]);

    public Task<int> CheckRecoveriesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}
