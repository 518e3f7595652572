namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// The stand-in store of semantic-cache observations: the latest ones in memory, nothing persisted. Registered only
/// when no other <see cref="ISemanticCacheObservations"/> is (the false-hit estimate's store replaces it).
/// </summary>
public sealed class RecentSemanticCacheObservations : ISemanticCacheObservations
{
    public const int Capacity = 1_000;

    private readonly Lock _gate = new();
    private readonly Queue<SemanticCacheObservation> _recent = new();

    public void Record(SemanticCacheObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        lock (_gate)
        {
            if (_recent.Count == Capacity)
                _recent.Dequeue();
            _recent.Enqueue(observation);
        }
    }

    /// <summary>The latest observations, oldest first.</summary>
    public IReadOnlyList<SemanticCacheObservation> Recent
    {
        get
        {
            lock (_gate)
                return _recent.ToArray();
        }
    }
}
