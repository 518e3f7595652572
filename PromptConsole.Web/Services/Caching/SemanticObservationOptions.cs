using System.ComponentModel.DataAnnotations;

namespace PromptConsole.Web.Services.Caching;

/// <summary><c>PromptConsole:SemanticCache:Observations</c>: how the shadow and served observations are written.</summary>
public sealed class SemanticObservationOptions
{
    public const string SectionName = "PromptConsole:SemanticCache:Observations";

    /// <summary>How often buffered observations are written.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Observations held while the database is away; past it the oldest are dropped (the estimate is a sample).</summary>
    [Range(100, 1_000_000)]
    public int BufferCapacity { get; set; } = 10_000;
}
