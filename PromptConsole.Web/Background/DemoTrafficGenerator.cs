using Microsoft.Extensions.Options;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Background;

/// <summary>
/// When <c>PromptConsole:DemoTraffic:Enabled</c> is on, runs the existing prompts' <c>production</c>
/// versions (now and then an older version) at a steady, jittered rate through the real execution
/// pipeline, with origin <c>DemoTraffic</c>; every answer gets a grade from the <c>demo-judge</c>
/// evaluator and a share of them people-style feedback. Only simulated models
/// are called unless <c>AllowRealProviders</c> is set. Single failures are
/// counted in <see cref="DemoTrafficStatistics"/>; unexpected errors are logged and the loop goes on.
/// </summary>
public sealed partial class DemoTrafficGenerator(
    IOptions<DemoTrafficOptions> options,
    IPromptRegistry registry,
    IPromptExecutor executor,
    IModelCatalog catalog,
    ExecutionFeedback feedback,
    DemoTrafficStatistics statistics,
    TimeProvider time,
    ILogger<DemoTrafficGenerator> logger,
    ILeadership? leadership = null) : BackgroundService
{
    /// <summary>How often a follower asks again whether it leads (only the leader generates demo traffic).</summary>
    public static readonly TimeSpan FollowerPause = TimeSpan.FromSeconds(1);

    /// <summary>How often the list of prompts is read again, so new prompts and deploys are picked up.</summary>
    public static readonly TimeSpan TargetRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>The pause after an unexpected error, so a broken database is not hammered.</summary>
    public static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(5);

    private readonly Lock _inFlightGate = new();
    private readonly HashSet<Task> _inFlight = [];
    private string? _announcedTargets;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            return;

        var seed = settings.Seed is { } configured ? unchecked((ulong)configured) : unchecked((ulong)Random.Shared.NextInt64());
        var shape = new DemoTrafficShape(settings.FeedbackShare, settings.OlderVersionShare, settings.SubjectCount);
        var waits = new DemoRandom(DemoRandom.Derive(seed, ulong.MaxValue));
        IReadOnlyList<DemoTarget> targets = [];
        long? loadedAt = null;
        ulong sequence = 0;
        LogStarted(settings.ExecutionsPerSecond);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (leadership is not null && !await leadership.IsLeaderAsync(stoppingToken))
                    {
                        await Task.Delay(FollowerPause, time, stoppingToken);
                        continue;
                    }

                    if (loadedAt is null || time.GetElapsedTime(loadedAt.Value) >= TargetRefreshInterval)
                    {
                        targets = await LoadTargetsAsync(settings, stoppingToken);
                        loadedAt = time.GetTimestamp();
                    }

                    if (targets.Count == 0)
                    {
                        await Task.Delay(TargetRefreshInterval, time, stoppingToken);
                        continue;
                    }

                    Launch(DemoTrafficPlan.Next(targets, shape, DemoRandom.Derive(seed, sequence++), Today()), settings.MaxInFlight, stoppingToken);
                    await Task.Delay(DemoTrafficPlan.Interval(settings.ExecutionsPerSecond, waits.NextDouble()), time, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    statistics.CountLoopFailure();
                    LogLoopFailed(exception);
                    await Task.Delay(FailurePause, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            Task[] running;
            lock (_inFlightGate)
                running = [.. _inFlight];
            await Task.WhenAll(running);
            LogStopped(statistics.Started, statistics.Failed, statistics.FeedbackGiven);
        }
    }

    private void Launch(DemoStep step, int maxInFlight, CancellationToken stoppingToken)
    {
        lock (_inFlightGate)
        {
            if (_inFlight.Count >= maxInFlight)
            {
                statistics.CountSkipped();
                return;
            }

            statistics.CountStarted();
            var run = RunAsync(step, stoppingToken);
            _inFlight.Add(run);
            run.ContinueWith(
                finished =>
                {
                    lock (_inFlightGate)
                        _inFlight.Remove(finished);
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }
    }

    /// <summary>Never throws: an execution's failure is a count, not a reason to stop.</summary>
    private async Task RunAsync(DemoStep step, CancellationToken stoppingToken)
    {
        // Runs beside the loop, so a slow model call does not slow the rate down.
        await Task.Yield();
        try
        {
            var command = new ExecuteCommand(step.PromptKey, step.Variables, step.Subject, Version: step.PinnedVersion, Origin: ExecutionOrigin.DemoTraffic);
            var result = await executor.ExecuteAsync(command, stoppingToken);
            if (!result.IsSuccess)
            {
                statistics.CountFailed(result.Error!.Code);
                LogExecutionFailed(step.PromptKey, result.Error.Code);
                return;
            }

            statistics.CountSucceeded();
            await feedback.SubmitAutomatedAsync(result.Value.ExecutionId, new AutomatedScore(step.AutomatedScore, DemoTrafficPlan.DemoEvaluator), stoppingToken);
            if (step.FeedbackScore is { } score
                && await feedback.SubmitAsync(result.Value.ExecutionId, score, stoppingToken) == FeedbackAcceptance.Accepted)
            {
                statistics.CountFeedback();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the executor records the run as cancelled.
        }
        catch (Exception exception)
        {
            statistics.CountFailed("exception");
            LogExecutionThrew(step.PromptKey, exception);
        }
    }

    private async Task<IReadOnlyList<DemoTarget>> LoadTargetsAsync(DemoTrafficOptions settings, CancellationToken cancellationToken)
    {
        var wanted = settings.Prompts.Count == 0 ? null : new HashSet<string>(settings.Prompts, StringComparer.Ordinal);
        var today = Today();
        var targets = new List<DemoTarget>();
        var skipped = new List<string>();
        var summaries = await registry.ListAsync(null, cancellationToken);
        foreach (var summary in summaries)
        {
            if (!summary.Labels.ContainsKey(LabelName.Production) || wanted is not null && !wanted.Contains(summary.Key))
                continue;
            var prompt = await registry.GetAsync(summary.Key, cancellationToken);
            if (!prompt.IsSuccess)
                continue; // deleted since it was listed

            if (DemoTarget.From(prompt.Value, today, v => settings.AllowRealProviders || v.Model.ModelChain.All(catalog.IsSimulated)) is { } target)
                targets.Add(target);
            else
                skipped.Add(summary.Key);
        }

        var unknown = wanted?.Except(summaries.Select(s => s.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() ?? [];

        // Said once per change, not at every refresh.
        var announcement = string.Join(", ", targets.Select(t => t.PromptKey)) + "|" + string.Join(", ", skipped) + "|" + string.Join(", ", unknown);
        if (announcement != _announcedTargets)
        {
            _announcedTargets = announcement;
            if (targets.Count == 0)
                LogNoTargets();
            else
                LogTargets(targets.Count, string.Join(", ", targets.Select(t => t.PromptKey)));
            if (skipped.Count > 0)
                LogSkipped(string.Join(", ", skipped));
            if (unknown.Length > 0)
                LogUnknown(string.Join(", ", unknown));
        }

        return targets;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic is on: generating about {Rate} executions/s, recorded with origin DemoTraffic; turn it off with PromptConsole:DemoTraffic:Enabled=false")]
    private partial void LogStarted(double rate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic runs {Count} prompts: {PromptKeys}")]
    private partial void LogTargets(int count, string promptKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic found no prompt with a production version to run; it looks again every 30 s")]
    private partial void LogNoTargets();

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic skips prompts whose production version it cannot fill or would call a model the simulator does not serve (PromptConsole:DemoTraffic:AllowRealProviders): {PromptKeys}")]
    private partial void LogSkipped(string promptKeys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PromptConsole:DemoTraffic:Prompts names prompts that do not exist: {PromptKeys}")]
    private partial void LogUnknown(string promptKeys);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Generated execution of {PromptKey} failed: {ErrorCode}")]
    private partial void LogExecutionFailed(string promptKey, string errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated execution of {PromptKey} threw; the generator goes on")]
    private partial void LogExecutionThrew(string promptKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo traffic generator failed; it goes on after a pause")]
    private partial void LogLoopFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic stopped after {Started} executions ({Failed} failed, {Feedback} with feedback)")]
    private partial void LogStopped(long started, long failed, long feedback);
}
