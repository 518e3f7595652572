using System.Diagnostics;
using PromptConsole.Bench.Load;

namespace PromptConsole.Bench;

/// <summary>One open-loop run of a scenario: warm-up, a short settle, then the measured run with provider calls and CPU.</summary>
internal sealed class ScenarioMeasurer(OpenLoopLoadGenerator generator, StubModelServer stub, BenchReport report)
{
    public async Task<MeasuredRun> MeasureAsync(Scenario scenario, double rate, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (warmup > TimeSpan.Zero)
        {
            var warmupResult = await generator.RunAsync(new LoadRunSpec($"{scenario.Name} warm-up", scenario.Target, rate, warmup, scenario.CreateContent), cancellationToken);
            if (warmupResult.Failed > 0)
            {
                report.Errors($"{scenario.Name} warm-up", warmupResult);
            }

            if (warmupResult.Failed * 2 > warmupResult.Spec.RequestCount)
            {
                throw new BenchSetupException($"Most {scenario.Name} warm-up requests failed; not measuring. First error: {warmupResult.FirstErrorDetail}");
            }
        }

        // Let stragglers and background work (the recorder's batch writes) settle between runs.
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        long providerCallsBefore = stub.CompletionCalls;
        var runner = Process.GetCurrentProcess();
        var runnerCpuBefore = runner.TotalProcessorTime;
        var appCpuBefore = scenario.AppCpuTime?.Invoke();
        var result = await generator.RunAsync(new LoadRunSpec(scenario.Name, scenario.Target, rate, duration, scenario.CreateContent), cancellationToken);
        runner.Refresh();
        var run = new MeasuredRun(
            scenario,
            result,
            stub.CompletionCalls - providerCallsBefore,
            runner.TotalProcessorTime - runnerCpuBefore,
            scenario.AppCpuTime?.Invoke() - appCpuBefore);
        report.Run(run);
        return run;
    }

    /// <summary>Executes the bench prompt once and fails the set-up unless the stub model was called.</summary>
    public async Task VerifyGatewayReachesStubAsync(GatewayProcess gateway, HttpClient client, CancellationToken cancellationToken)
    {
        long before = stub.CompletionCalls;
        string body = await gateway.ExecuteOnceAsync(client, cancellationToken);
        long calls = stub.CompletionCalls - before;
        report.Line($"check: one execute call → {calls} stub call(s); response {Shorten(body, 300)}");
        if (calls < 1)
        {
            throw new BenchSetupException("PromptConsole answered without calling the stub model: the provider configuration did not take effect, so there is nothing to measure." + gateway.OutputTail());
        }
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
