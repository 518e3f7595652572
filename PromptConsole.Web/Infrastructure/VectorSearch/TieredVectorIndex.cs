namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// Exact while small, approximate when large: a <see cref="FlatVectorIndex"/> up to the flat limit (where a scan is
/// still about a millisecond), then an <see cref="ApproximateVectorIndex"/>. The graph is built from a snapshot in the
/// background while the flat index keeps serving; writes made meanwhile are replayed onto the graph before it takes
/// over, so nothing is lost and searches never wait for the build. It does not go back to flat when entries are removed:
/// a partition that once grew that large is likely to again.
/// </summary>
public sealed class TieredVectorIndex : IVectorIndex, IDisposable
{
    public const int DefaultFlatLimit = 20_000;

    // Writes still pending when the graph is built are replayed under the write gate only once this few remain.
    private const int FinalReplayLimit = 64;

    // …or after this many rounds, so writers that outpace the graph cannot keep it from taking over.
    private const int MaxReplayRounds = 8;

    private readonly Lock _writeGate = new();
    private readonly int _flatLimit;
    private readonly ApproximateIndexSettings _settings;
    private readonly bool _migrateInBackground;
    private volatile IVectorIndex _active;
    private List<Action<ApproximateVectorIndex>>? _writesDuringMigration;
    private bool _migrationFailed;
    private Task _migration = Task.CompletedTask;

    public TieredVectorIndex(
        int dimensions,
        int flatLimit = DefaultFlatLimit,
        ApproximateIndexSettings? settings = null,
        bool migrateInBackground = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(flatLimit);
        Dimensions = dimensions;
        _flatLimit = flatLimit;
        _settings = settings ?? new ApproximateIndexSettings();
        _migrateInBackground = migrateInBackground;
        _active = new FlatVectorIndex(dimensions);
    }

    public int Dimensions { get; }

    public int Count => _active.Count;

    /// <summary>True once the approximate index has taken over.</summary>
    public bool IsApproximate => _active is ApproximateVectorIndex;

    /// <summary>The running (or last) move to the approximate index; tests and the bench wait on it.</summary>
    public Task Migration => _migration;

    public void Upsert(string id, ReadOnlyMemory<float> vector)
    {
        ArgumentNullException.ThrowIfNull(id);
        VectorArguments.RequireLength(vector.Span, Dimensions);
        IReadOnlyList<(string, float[])>? snapshot = null;
        FlatVectorIndex? flat = null;
        lock (_writeGate)
        {
            _active.Upsert(id, vector);
            if (_writesDuringMigration is { } pending)
            {
                var copy = vector.ToArray();
                pending.Add(graph => graph.Upsert(id, copy));
            }
            else if (_active is FlatVectorIndex current && current.Count > _flatLimit && !_migrationFailed)
            {
                flat = current;
                snapshot = current.Snapshot();
                _writesDuringMigration = [];
            }
        }

        if (snapshot is not null)
        {
            _migration = _migrateInBackground
                ? Task.Run(() => Migrate(flat!, snapshot))
                : Task.FromResult(Migrate(flat!, snapshot));
        }
    }

    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_writeGate)
        {
            var removed = _active.Remove(id);
            _writesDuringMigration?.Add(graph => graph.Remove(id));
            return removed;
        }
    }

    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int count, float minimumSimilarity) =>
        _active.Search(query, count, minimumSimilarity);

    public void Dispose()
    {
        lock (_writeGate)
        {
            (_active as IDisposable)?.Dispose();
        }
    }

    private bool Migrate(FlatVectorIndex flat, IReadOnlyList<(string Id, float[] Vector)> snapshot)
    {
        ApproximateVectorIndex? graph = null;
        try
        {
            graph = new ApproximateVectorIndex(Dimensions, _settings, initialCapacity: snapshot.Count);
            graph.UpsertMany(snapshot);

            // Writes made during the build are replayed in rounds outside the write gate, so writers wait only for the
            // last, short round (a graph add costs a fraction of a millisecond; a partition may take thousands of
            // writes while its first 20k are being built).
            for (var rounds = 1; ; rounds++)
            {
                List<Action<ApproximateVectorIndex>> round;
                lock (_writeGate)
                {
                    round = _writesDuringMigration!;
                    if (round.Count <= FinalReplayLimit || rounds == MaxReplayRounds)
                    {
                        foreach (var write in round)
                        {
                            write(graph);
                        }

                        _writesDuringMigration = null;
                        if (ReferenceEquals(_active, flat))
                        {
                            _active = graph;
                        }

                        return true;
                    }

                    _writesDuringMigration = [];
                }

                foreach (var write in round)
                {
                    write(graph);
                }
            }
        }
        catch (Exception)
        {
            // Stay exact (slower past the limit, never wrong) rather than retry a build that failed once.
            graph?.Dispose();
            lock (_writeGate)
            {
                _writesDuringMigration = null;
                _migrationFailed = true;
            }

            return false;
        }
    }
}
