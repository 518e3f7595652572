using System.Collections;

namespace PromptConsole.Domain.Experiments;

/// <summary>
/// A prompt's live experiments in routing order: earliest started first, then by key, so every process
/// picks the same experiment for a request whatever order they were loaded in. The only way to build
/// one sorts it.
/// </summary>
public sealed class PromptExperiments : IReadOnlyList<CompiledExperiment>
{
    private readonly CompiledExperiment[] _inRoutingOrder;

    private PromptExperiments(CompiledExperiment[] inRoutingOrder) => _inRoutingOrder = inRoutingOrder;

    public static PromptExperiments None { get; } = new([]);

    public int Count => _inRoutingOrder.Length;

    public CompiledExperiment this[int index] => _inRoutingOrder[index];

    public static PromptExperiments From(IEnumerable<CompiledExperiment> experiments)
    {
        var sorted = experiments
            .OrderBy(e => e.StartedAt)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToArray();
        return sorted.Length == 0 ? None : new PromptExperiments(sorted);
    }

    public IEnumerator<CompiledExperiment> GetEnumerator() => ((IEnumerable<CompiledExperiment>)_inRoutingOrder).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
