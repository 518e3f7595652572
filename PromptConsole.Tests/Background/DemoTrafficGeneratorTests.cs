using System.Diagnostics;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Background;

/// <summary>The generator's loop on a manual clock: every wait is on the injected TimeProvider, so the test decides when time passes.</summary>
public sealed class DemoTrafficGeneratorTests
{
    private static DemoTrafficOptions On(double rate = 2, double feedback = 0, double older = 0) => new()
    {
        Enabled = true,
        ExecutionsPerSecond = rate,
        FeedbackShare = feedback,
        OlderVersionShare = older,
        SubjectCount = 5,
        Seed = 1,
    };

    [Fact]
    public async Task Executions_start_at_the_configured_rate_on_the_injected_clock_labelled_as_demo_traffic()
    {
        await using var rig = new GeneratorRig(On(rate: 2, feedback: 1, older: 0.5));
        await rig.AddGreetPromptAsync();

        await rig.Generator.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rig.Executor.Commands.Count == 1 && rig.Clock.ActiveTimers == 1, "the first execution and the wait after it");
        Assert.Single(rig.Executor.Commands); // the next one waits for the clock

        await rig.AdvanceAsync(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        await GeneratorRig.WaitUntilAsync(() => rig.Statistics.Succeeded == rig.Statistics.Started, "the started executions to finish");

        // Waits of 0.25–0.75 s at 2/s: between 13 and 40 more in 10 s.
        var commands = rig.Executor.Commands.ToArray();
        Assert.InRange(commands.Length, 14, 41);
        Assert.Equal(commands.Length, rig.Statistics.Started);
        Assert.All(commands, c =>
        {
            Assert.Equal(ExecutionOrigin.DemoTraffic, c.Origin);
            Assert.Equal("greet", c.PromptKey);
            Assert.StartsWith("demo-user-00", c.Subject, StringComparison.Ordinal);
            Assert.Contains("name", c.Variables.Keys);
        });
        Assert.Contains(commands, c => c.Version == 1); // older version pinned now and then
        Assert.Contains(commands, c => c.Version is null); // production by its label otherwise
        Assert.DoesNotContain(commands, c => c.Version == 2);

        await GeneratorRig.WaitUntilAsync(() => rig.Statistics.FeedbackGiven == commands.Length, "feedback on every execution");
        Assert.Equal(commands.Length, rig.Recorder.Feedback.Count);
        Assert.Equal(2 * commands.Length, rig.Store.QualityScores); // a feedback score and a grade each
        Assert.All(rig.Recorder.Feedback, f => Assert.InRange(f.Score, 1, 5));
        Assert.Equal(commands.Length, rig.Recorder.AutomatedScores.Count);
        Assert.All(rig.Recorder.AutomatedScores, g => Assert.Equal("demo-judge", g.Score.Evaluator));
    }

    [Fact]
    public async Task The_same_seed_generates_the_same_executions()
    {
        async Task<string[]> RunAsync()
        {
            await using var rig = new GeneratorRig(On(rate: 4, older: 0.5));
            await rig.AddGreetPromptAsync();
            await rig.Generator.StartAsync(CancellationToken.None);
            await GeneratorRig.WaitUntilAsync(() => rig.Clock.ActiveTimers == 1, "the first wait");
            await rig.AdvanceAsync(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(50));
            await GeneratorRig.WaitUntilAsync(() => rig.Executor.Commands.Count == rig.Statistics.Started, "the started executions to reach the executor");
            return rig.Executor.Commands.Select(c => $"{c.Version}|{c.Subject}|{string.Join(",", c.Variables.OrderBy(v => v.Key).Select(v => v.Value.Text))}").ToArray();
        }

        // Executions run side by side, so they may reach the executor in another order.
        var first = (await RunAsync()).Order(StringComparer.Ordinal).ToArray();
        var second = (await RunAsync()).Order(StringComparer.Ordinal).ToArray();

        Assert.True(first.Length > 5);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Prompts_on_models_the_simulator_does_not_serve_run_only_when_real_providers_are_allowed(bool allowed)
    {
        var options = On(rate: 4);
        options.AllowRealProviders = allowed;
        await using var rig = new GeneratorRig(options);
        await rig.AddGreetPromptAsync();
        var real = new VersionDraft("Answer {{question}}", new ModelSettings("gpt-4o-mini"), [new VariableDeclaration("question", VariableType.Text)]);
        Assert.True((await rig.Prompts.CreateAsync(new CreatePromptCommand("real-model", "Real model", null, null, real), "test")).IsSuccess);
        Assert.True((await rig.Prompts.DeployAsync("real-model", LabelName.Production, 1, null, null, "test")).IsSuccess);

        await rig.Generator.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rig.Clock.ActiveTimers == 1, "the first wait");
        await rig.AdvanceAsync(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        await GeneratorRig.WaitUntilAsync(() => rig.Executor.Commands.Count == rig.Statistics.Started, "the started executions to reach the executor");

        var prompts = rig.Executor.Commands.Select(c => c.PromptKey).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(allowed ? ["greet", "real-model"] : ["greet"], prompts);
    }

    [Fact]
    public async Task Failed_and_throwing_executions_are_counted_and_the_loop_goes_on()
    {
        await using var rig = new GeneratorRig(On(rate: 2, feedback: 1));
        await rig.AddGreetPromptAsync();
        var calls = 0;
        rig.Executor.Answer = (command, _) => (Interlocked.Increment(ref calls) % 3) switch
        {
            1 => Task.FromResult<Result<ExecutionResult>>(Error.Validation("provider-failed", "The model provider failed.")),
            2 => throw new InvalidOperationException("Unexpected."),
            _ => Task.FromResult(ConcurrentFakeExecutor.Succeeded(command)),
        };

        await rig.Generator.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rig.Clock.ActiveTimers == 1, "the first wait");
        await rig.AdvanceAsync(TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(100));
        await GeneratorRig.WaitUntilAsync(() => rig.Statistics.Succeeded + rig.Statistics.Failed == rig.Statistics.Started, "the started executions to finish");
        // A success is counted before its feedback is sent: wait for the last feedback too (every success gets one at rate 1).
        await GeneratorRig.WaitUntilAsync(() => rig.Statistics.FeedbackGiven == rig.Statistics.Succeeded, "the feedback of every success");

        Assert.True(rig.Statistics.Started >= 9, $"Only {rig.Statistics.Started} executions started.");
        var failures = rig.Statistics.FailuresByCode;
        Assert.True(failures["provider-failed"] >= 3);
        Assert.True(failures["exception"] >= 3);
        Assert.Equal(rig.Statistics.Succeeded, rig.Statistics.FeedbackGiven); // only successes get feedback
        Assert.False(rig.Generator.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task A_failing_prompt_listing_is_counted_and_retried_after_a_pause()
    {
        await using var rig = new GeneratorRig(On());
        await rig.AddGreetPromptAsync();
        rig.Registry.FailNextListings(1);

        await rig.Generator.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rig.Statistics.LoopFailures == 1 && rig.Clock.ActiveTimers == 1, "the failure and the pause after it");
        Assert.Empty(rig.Executor.Commands);

        rig.Clock.Advance(DemoTrafficGenerator.FailurePause);
        await GeneratorRig.WaitUntilAsync(() => rig.Executor.Commands.Count == 1, "the first execution after the pause");
        Assert.False(rig.Generator.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task Without_prompts_it_waits_and_picks_up_a_prompt_deployed_later()
    {
        await using var rig = new GeneratorRig(On());

        await rig.Generator.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rig.Clock.ActiveTimers == 1, "the wait for prompts");
        await rig.AddGreetPromptAsync();
        rig.Clock.Advance(DemoTrafficGenerator.TargetRefreshInterval - TimeSpan.FromSeconds(1));
        Assert.Empty(rig.Executor.Commands);

        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await GeneratorRig.WaitUntilAsync(() => rig.Executor.Commands.Count == 1, "the first execution of the new prompt");
    }

    [Fact]
    public async Task Ticks_beyond_the_in_flight_limit_are_skipped_not_queued()
    {
        var options = On(rate: 4);
        options.MaxInFlight = 2;
        await using var rig = new GeneratorRig(options);
        await rig.AddGreetPromptAsync();
        rig.Executor.Answer = async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new UnreachableException();
        };

        await rig.Generator.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rig.Clock.ActiveTimers == 1, "the first wait");
        await rig.AdvanceAsync(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(100));

        Assert.Equal(2, rig.Statistics.Started);
        Assert.True(rig.Statistics.Skipped >= 3, $"Only {rig.Statistics.Skipped} ticks skipped.");
    }

    [Fact]
    public async Task It_stops_promptly_on_shutdown_cancelling_executions_in_flight()
    {
        await using var rig = new GeneratorRig(On());
        await rig.AddGreetPromptAsync();
        var cancelled = 0;
        rig.Executor.Answer = async (_, cancellationToken) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Interlocked.Increment(ref cancelled);
            }

            throw new UnreachableException();
        };
        await rig.Generator.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rig.Executor.Commands.Count == 1 && rig.Clock.ActiveTimers == 1, "an execution in flight and the generator waiting");

        var stopping = Stopwatch.StartNew();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await rig.Generator.StopAsync(patience.Token);

        Assert.False(patience.IsCancellationRequested, "StopAsync gave up waiting for the loop.");
        Assert.True(rig.Generator.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(1, cancelled);
        Assert.Equal(0, rig.Statistics.Failed); // being stopped is not a failure
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"Stopping took {stopping.Elapsed}.");
    }

    [Fact]
    public async Task Switched_off_it_does_nothing()
    {
        var options = On();
        options.Enabled = false;
        await using var rig = new GeneratorRig(options);
        await rig.AddGreetPromptAsync();

        await rig.Generator.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => rig.Generator.ExecuteTask!.IsCompleted, "the generator to return");

        Assert.True(rig.Generator.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, rig.Clock.ActiveTimers);
        Assert.Empty(rig.Executor.Commands);
    }
}
