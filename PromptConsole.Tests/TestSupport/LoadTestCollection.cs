namespace PromptConsole.Tests.TestSupport;

/// <summary>
/// Tests that put a minute of load on the machine run alone, after the others: on two cores their load would
/// stall the browser walks running beside them (a 45 s navigation wait ran out once), and the others' work would
/// blur the latencies they assert.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTestCollection
{
    public const string Name = "Load";
}
