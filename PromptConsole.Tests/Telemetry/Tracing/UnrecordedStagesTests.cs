using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>
/// Stage and attempt spans follow their execution's sampling decision: under an execution that is not recorded the
/// parent-based sampler creates no activity at all (so an unexported trace costs one activity per execution, not
/// one per stage), under a recorded one they are created and recorded. Runs with the default host (nothing
/// exports), where a new trace is not recorded and a caller's sampled one is.
/// </summary>
[Collection(UnexportedTracingCollection.Name)]
public sealed class UnrecordedStagesTests(UnexportedTracingApp app)
{
    [Fact]
    public void Stages_and_attempts_exist_only_under_a_recorded_execution()
    {
        var tracing = app.Factory.Services.GetRequiredService<PromptConsoleTracing>();
        var previous = Activity.Current;
        try
        {
            Activity.Current = null;
            using (var unrecorded = tracing.StartExecution("unrecorded"))
            {
                // The execution itself still exists: its ids go into the response, the record and the logs.
                Assert.NotNull(unrecorded);
                Assert.False(unrecorded.IsAllDataRequested);
                Assert.Null(tracing.StartStage(ExecutionStages.Render));
                Assert.Null(tracing.StartStage(ExecutionStages.Record, unrecorded));
                Assert.Null(tracing.StartAttempt("gpt-test", "upstream", 1, simulated: false, temperature: null, maxTokens: null));
            }

            using var caller = new Activity("caller").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
            using var recorded = tracing.StartExecution("recorded");
            Assert.True(recorded?.IsAllDataRequested);
            using (var render = tracing.StartStage(ExecutionStages.Render))
            {
                Assert.True(render?.IsAllDataRequested);
                Assert.Equal(recorded!.SpanId, render!.ParentSpanId);
            }

            using var record = tracing.StartStage(ExecutionStages.Record, recorded);
            Assert.True(record?.IsAllDataRequested);
            using var attempt = tracing.StartAttempt("gpt-test", "upstream", 1, simulated: false, temperature: null, maxTokens: null);
            Assert.True(attempt?.IsAllDataRequested);
            Assert.Equal(record!.SpanId, attempt!.ParentSpanId);
        }
        finally
        {
            Activity.Current = previous;
        }
    }
}
