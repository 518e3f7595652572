using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Background;

/// <summary>The recovery watcher's loop on a manual clock: one check at start, one per interval, a failed check does not end it.</summary>
public sealed class RollbackRecoveryWatcherTests
{
    [Fact]
    public async Task Checks_recoveries_on_every_tick_of_the_injected_clock_and_survives_a_failed_check()
    {
        var clock = new ManualTimeProvider();
        var rollbacks = new CountingRollbacks { FailOnCall = 2 };
        var options = Options.Create(new RollbackOptions { RecoveryCheckInterval = TimeSpan.FromMinutes(1) });
        using var watcher = new RollbackRecoveryWatcher(rollbacks, options, clock, NullLogger<RollbackRecoveryWatcher>.Instance);

        await watcher.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rollbacks.Calls == 1 && clock.ActiveTimers == 1, "the first check and the wait after it");

        clock.Advance(TimeSpan.FromMinutes(1));
        await GeneratorRig.WaitUntilAsync(() => rollbacks.Calls == 2, "the check of the second tick (which fails)");
        await GeneratorRig.WaitUntilAsync(() => clock.ActiveTimers == 1, "the wait after the failed check");
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(2, rollbacks.Calls);
        clock.Advance(TimeSpan.FromSeconds(1));
        await GeneratorRig.WaitUntilAsync(() => rollbacks.Calls == 3, "the check after the failed one");

        await watcher.StopAsync(CancellationToken.None);
    }

    private sealed class CountingRollbacks : IAutomaticRollbacks
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public int FailOnCall { get; init; }

        public Task<int> CheckRecoveriesAsync(CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == FailOnCall
                ? throw new InvalidOperationException("database away")
                : Task.FromResult(0);

        public Task<AutomaticRollbackOutcome> TryRollBackAsync(AutomaticRollbackRequest request, Func<CancellationToken, Task<Error?>> moveTraffic, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<AutomationStatus> GetStatusAsync(string promptKey, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<AutomaticRollbackView>> ListAsync(string promptKey, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
