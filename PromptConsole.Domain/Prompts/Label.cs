namespace PromptConsole.Domain.Prompts;

public enum LabelMoveKind
{
    Deploy,
    Rollback,
}

/// <summary>One move of a label, kept forever: the label's history is the list of these.</summary>
public sealed class LabelMove
{
    private LabelMove()
    {
        Actor = string.Empty;
    }

    internal LabelMove(LabelMoveKind kind, int? fromVersion, int toVersion, string actor, string? reason, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        Kind = kind;
        FromVersion = fromVersion;
        ToVersion = toVersion;
        Actor = actor;
        Reason = reason;
        At = at;
    }

    public Guid Id { get; private set; }

    public LabelMoveKind Kind { get; private set; }

    public int? FromVersion { get; private set; }

    public int ToVersion { get; private set; }

    public string Actor { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>A movable pointer from a prompt to one of its versions (deploy = move, rollback = move back).</summary>
public sealed class Label
{
    private readonly List<LabelMove> _history = [];

    private Label()
    {
        Name = string.Empty;
    }

    internal Label(string name)
    {
        Id = Guid.NewGuid();
        Name = name;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>Null only for a label that was created but never pointed anywhere (not produced today).</summary>
    public int? VersionNumber { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public IReadOnlyList<LabelMove> History => _history.OrderBy(m => m.At).ThenBy(m => m.Id).ToArray();

    /// <summary>
    /// The version a rollback returns to. Deploys stack up and rollbacks pop them, so repeated
    /// rollbacks walk back through earlier deploys; null when there is nothing left to undo.
    /// </summary>
    public int? RollbackTarget => LabelHistory.RollbackTarget(History);

    internal LabelMove MoveTo(LabelMoveKind kind, int version, string actor, string? reason, DateTimeOffset at)
    {
        var move = new LabelMove(kind, VersionNumber, version, actor, reason, NextMoveTime(at));
        _history.Add(move);
        VersionNumber = version;
        UpdatedAt = at;
        return move;
    }

    /// <summary>
    /// History is replayed in time order, so each move must be later than the one before even when
    /// the clock has not ticked between two moves or another instance's clock runs behind (a tie
    /// would be broken by the random bits of the id). A microsecond is the finest step PostgreSQL keeps.
    /// </summary>
    private DateTimeOffset NextMoveTime(DateTimeOffset at)
    {
        if (_history.Count == 0)
            return at;
        var last = _history.Max(m => m.At);
        var earliest = last.AddTicks(-(last.UtcTicks % TimeSpan.TicksPerMicrosecond)).AddMicroseconds(1);
        return at < earliest ? earliest : at;
    }
}

public static class LabelHistory
{
    /// <summary>Replays the moves: each deploy pushes where the label was, each rollback pops one.</summary>
    public static int? RollbackTarget(IEnumerable<LabelMove> moves)
    {
        var undoable = new Stack<int?>();
        foreach (var move in moves)
        {
            if (move.Kind == LabelMoveKind.Deploy)
                undoable.Push(move.FromVersion);
            else if (undoable.Count > 0)
                undoable.Pop();
        }

        return undoable.Count > 0 ? undoable.Peek() : null;
    }
}
