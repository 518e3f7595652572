using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Api;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Web.Background;

/// <summary>
/// Runs batch jobs. Each tick of a <see cref="PeriodicTimer"/> on the injected clock (or a wake-up when a job is accepted
/// here) it deletes jobs past their retention, advances provider-batch jobs, and starts a drain of gateway jobs per
/// provider: at most <see cref="BatchOptions.ConcurrencyPerProvider"/> items in flight, each claimed with a lease in the database and
/// run through the same <see cref="IPromptExecutor"/> as the execution API (origin <c>batch</c>). Every instance runs
/// it: leases keep two instances off the same item, and an instance that stops gives its in-flight items back (or, if it
/// dies, its leases run out), so a restart continues where the job was and never runs a finished item again.
/// </summary>
public sealed partial class BatchRunner(
    BatchItemStore store,
    IPromptExecutor executor,
    BatchRunnerSignal signal,
    BatchMetrics metrics,
    IOptions<BatchOptions> options,
    TimeProvider time,
    ILogger<BatchRunner> logger,
    ProviderBatchProcessor? providerBatches = null) : BackgroundService
{
    /// <summary>When the gateway sheds load (503), the item is tried again after this.</summary>
    private static readonly TimeSpan OverloadBackoff = TimeSpan.FromSeconds(2);

    private static readonly string GatewayMode = BatchNames.Of(BatchMode.Gateway);

    // One drain task per provider, started by a tick when that provider has active jobs and none is running, so a
    // long job on one provider never holds up a new job on another.
    private readonly ConcurrentDictionary<string, Task> _drains = new(StringComparer.OrdinalIgnoreCase);
    private Task _providerBatches = Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunnerEnabled)
            return;
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await TickAsync(stoppingToken);
                var wake = signal.WaitAsync(stoppingToken);
                if (await Task.WhenAny(tick, wake) == tick)
                {
                    if (!await tick)
                        return;
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }
                else
                {
                    await wake;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            // In-flight items finish or give their leases back before the host stops.
            await Task.WhenAll(_drains.Values.Append(_providerBatches));
        }
    }

    /// <summary>One look: the retention sweep, provider batches, and a drain for every provider with active gateway jobs. Failures are logged, never fatal.</summary>
    public async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var expired in await store.PurgeExpiredAsync(stoppingToken))
                LogExpired(expired.Id, expired.PromptKey);
            metrics.SetRunning(await store.CountRunningAsync(stoppingToken));

            // Provider batches are polled alongside the drains, so neither holds the other up.
            if (providerBatches is not null && _providerBatches.IsCompleted)
                _providerBatches = Task.Run(() => GuardedAsync(() => providerBatches.AdvanceAsync(stoppingToken), stoppingToken), CancellationToken.None);

            var jobs = await store.ActiveJobsAsync(BatchMode.Gateway, stoppingToken);
            foreach (var provider in jobs.Select(j => j.Provider).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (_drains.TryGetValue(provider, out var running) && !running.IsCompleted)
                    continue;
                _drains[provider] = Task.Run(() => GuardedAsync(() => DrainAsync(provider, stoppingToken), stoppingToken), CancellationToken.None);
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogTickFailed(exception);
        }
    }

    private async Task GuardedAsync(Func<Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: in-flight items were given back by RunItemAsync.
        }
        catch (Exception exception)
        {
            LogTickFailed(exception);
        }
    }

    /// <summary>
    /// One provider's gateway jobs, oldest first, with a fixed number of slots: a free slot claims the next item.
    /// Looks again for the provider's jobs after each pass (new ones join) and ends when a pass claims nothing.
    /// </summary>
    private async Task DrainAsync(string provider, CancellationToken stoppingToken)
    {
        var limit = options.Value.ConcurrencyPerProvider;
        using var slots = new SemaphoreSlim(limit, limit);
        var inFlight = new List<Task>();
        try
        {
            var claimedAny = true;
            while (claimedAny && !stoppingToken.IsCancellationRequested)
            {
                claimedAny = false;
                var jobs = (await store.ActiveJobsAsync(BatchMode.Gateway, stoppingToken))
                    .Where(j => string.Equals(j.Provider, provider, StringComparison.OrdinalIgnoreCase));
                foreach (var job in jobs)
                {
                    var started = job.StartedAt is not null;
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await slots.WaitAsync(stoppingToken);
                        var free = 1;
                        while (free < limit && slots.Wait(0))
                            free++;
                        IReadOnlyList<ClaimedBatchItem> claimed;
                        try
                        {
                            claimed = await store.ClaimAsync(job.Id, free, stoppingToken);
                        }
                        catch
                        {
                            slots.Release(free);
                            throw;
                        }

                        if (claimed.Count < free)
                            slots.Release(free - claimed.Count);
                        if (claimed.Count == 0)
                            break;
                        claimedAny = true;
                        if (!started)
                        {
                            // Not cancelled by stopping: the claimed items below must reach RunItemAsync, which gives
                            // them back when the host stops.
                            await store.MarkStartedAsync(job.Id, CancellationToken.None);
                            started = true;
                        }

                        foreach (var item in claimed)
                            inFlight.Add(RunItemAsync(job, item, slots, stoppingToken));
                        inFlight.RemoveAll(t => t.IsCompleted);
                    }

                    // A job with nothing left to claim may already be done (every item finished elsewhere or earlier).
                    if (!stoppingToken.IsCancellationRequested && await store.TryFinishAsync(job.Id, stoppingToken))
                        Finished(job);
                }
            }
        }
        finally
        {
            await Task.WhenAll(inFlight);
        }
    }

    private async Task RunItemAsync(BatchJobRow job, ClaimedBatchItem item, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            if (item.Attempts == 1)
                metrics.RecordQueueWait(GatewayMode, time.GetUtcNow() - job.CreatedAt);
            var variables = VariableValues.FromJson(JsonSerializer.Deserialize(item.VariablesJson, BatchJsonContext.Default.DictionaryStringJsonElement));
            var command = new ExecuteCommand(job.PromptKey, variables, item.Subject, Version: job.Version, Origin: ExecutionOrigin.Batch) { Tenant = job.Tenant };
            var result = await executor.ExecuteAsync(command, stoppingToken);
            BatchItemOutcome outcome;
            if (result.IsSuccess)
            {
                var r = result.Value;
                outcome = new BatchItemOutcome(BatchItemStatus.Succeeded, r.Output, null, null, r.ExecutionId, r.Model,
                    r.Usage.InputTokens, r.Usage.OutputTokens, r.CostUsd, Math.Round(r.LatencyMs, 3));
            }
            else if (result.Error!.Kind == ErrorKind.Unavailable)
            {
                // The gateway is shedding load (recorder at its bound): not the item's fault, so it waits and runs again.
                await store.ReleaseAsync(item.Id, item.LeaseToken, OverloadBackoff);
                return;
            }
            else
            {
                outcome = new BatchItemOutcome(BatchItemStatus.Failed, null, result.Error.Code, result.Error.Message, null, job.Model, 0, 0, 0m, null);
            }

            if (await store.CompleteAsync(item.Id, item.LeaseToken, outcome, CancellationToken.None))
            {
                metrics.RecordItems(job.PromptKey, BatchNames.Of(outcome.Status));
                if (await store.TryFinishAsync(job.Id, CancellationToken.None))
                    Finished(job);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the item was not finished, so it goes back for the next instance (or this one after a restart).
            await store.ReleaseAsync(item.Id, item.LeaseToken, TimeSpan.Zero);
        }
        catch (Exception exception)
        {
            LogItemFailed(exception, job.Id, item.Index);
            var failed = new BatchItemOutcome(BatchItemStatus.Failed, null, "internal_error", "The item could not be run; see the server log.", null, job.Model, 0, 0, 0m, null);
            try
            {
                if (await store.CompleteAsync(item.Id, item.LeaseToken, failed, CancellationToken.None))
                    metrics.RecordItems(job.PromptKey, BatchNames.Of(BatchItemStatus.Failed));
            }
            catch (Exception storeFailure)
            {
                // The database is away: the lease runs out and the item is tried again.
                LogItemFailed(storeFailure, job.Id, item.Index);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private void Finished(BatchJobRow job)
    {
        metrics.RecordJobFinished(job.PromptKey, BatchNames.Of(BatchStatus.Completed));
        LogCompleted(job.Id, job.PromptKey, job.TotalItems);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Batch {BatchId} of {PromptKey} completed ({Items} items)")]
    private partial void LogCompleted(Guid batchId, string promptKey, int items);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Batch runner tick failed; it runs again at the next tick")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Item {Index} of batch {BatchId} failed unexpectedly")]
    private partial void LogItemFailed(Exception exception, Guid batchId, int index);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Batch {BatchId} of {PromptKey} reached the end of its retention period and was deleted")]
    private partial void LogExpired(Guid batchId, string promptKey);
}
