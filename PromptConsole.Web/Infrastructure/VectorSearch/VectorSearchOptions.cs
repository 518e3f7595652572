using System.ComponentModel.DataAnnotations;

namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary><c>PromptConsole:VectorSearch</c>: when a partition's index turns approximate, and the graph's knobs.</summary>
public sealed class VectorSearchOptions
{
    public const string SectionName = "PromptConsole:VectorSearch";

    /// <summary>Up to this many vectors a partition is scanned exactly (at 384 dims about 1 ms per 20k on one core).</summary>
    [Range(1, int.MaxValue)]
    public int FlatLimit { get; set; } = TieredVectorIndex.DefaultFlatLimit;

    [Range(2, 256)]
    public int Connectivity { get; set; } = 16;

    [Range(8, 4096)]
    public int ExpansionAdd { get; set; } = 128;

    [Range(8, 4096)]
    public int ExpansionSearch { get; set; } = 32;

    /// <summary>How the graph keeps its vectors: <c>Float16</c> (default, half the memory read per lookup) or <c>Float32</c>.</summary>
    public GraphVectorStorage Storage { get; set; } = GraphVectorStorage.Float16;

    public ApproximateIndexSettings ToSettings() => new(Connectivity, ExpansionAdd, ExpansionSearch, Storage);
}
