using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Hosting;

/// <summary>
/// Stand-ins for the release gate of golden sets and the safeguarded automatic rollbacks, registered last and
/// only when nothing else provides them, so the canary feature runs on its own: every candidate passes the gate,
/// and an automatic rollback is always performed. The real implementations replace these by registering
/// <see cref="IGoldenGate"/> and <see cref="IAutomaticRollbacks"/> themselves.
/// </summary>
public static class RolloutFallbackExtensions
{
    public static IServiceCollection AddPromptConsoleRolloutFallbacks(this IServiceCollection services)
    {
        services.TryAddSingleton<IGoldenGate, OpenGoldenGate>();
        services.TryAddSingleton<IAutomaticRollbacks, UnguardedAutomaticRollbacks>();
        return services;
    }

    private sealed class OpenGoldenGate : IGoldenGate
    {
        public Task<Error?> CheckReleaseAsync(string promptKey, int version, string action, string versionField, string? overrideReason, string actor, CancellationToken cancellationToken = default) =>
            Task.FromResult<Error?>(null);
    }

    private sealed class UnguardedAutomaticRollbacks : IAutomaticRollbacks
    {
        public async Task<AutomaticRollbackOutcome> TryRollBackAsync(AutomaticRollbackRequest request, Func<CancellationToken, Task<Error?>> moveTraffic, CancellationToken cancellationToken = default)
        {
            var error = await moveTraffic(cancellationToken);
            return error is null ? new AutomaticRollbackOutcome(true, null, null) : new AutomaticRollbackOutcome(false, error.Message, null);
        }

        public Task<AutomationStatus> GetStatusAsync(string promptKey, CancellationToken cancellationToken = default) =>
            Task.FromResult(new AutomationStatus(true, null, null, 0));

        public Task<IReadOnlyList<AutomaticRollbackView>> ListAsync(string promptKey, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<AutomaticRollbackView>>([]);

        public Task<int> CheckRecoveriesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
