namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>
/// Runs alone, and apart from <see cref="TracingCollection"/>: listeners are process-wide, so while
/// a host that records every trace is alive, this one's activities would be recorded too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UnexportedTracingCollection : ICollectionFixture<UnexportedTracingApp>
{
    public const string Name = "Unexported tracing";
}

/// <summary>The traced application as configured by default: no OTLP endpoint and no reader of spans declared.</summary>
public sealed class UnexportedTracingApp : TracingApp
{
    protected override bool RecordsWithoutExporter => false;
}
