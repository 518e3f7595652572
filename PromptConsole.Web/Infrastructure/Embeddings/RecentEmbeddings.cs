namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// The last few hundred texts embedded and their vectors (least recently used goes first), so a text the gateway
/// sees again — a repeated request, the semantic cache embedding what the exact cache just missed — costs a dictionary
/// lookup instead of a model run (~5–7 ms of CPU). Keyed by the exact text; thread-safe under one short lock.
/// </summary>
public sealed class RecentEmbeddings
{
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<(string Text, float[] Vector, int Tokens)>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, float[] Vector, int Tokens)> _order = new();
    private readonly Lock _gate = new();

    public RecentEmbeddings(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    public long Hits { get; private set; }

    public long Misses { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byText.Count;
            }
        }
    }

    /// <summary>A copy of the remembered vector (callers own what they get), or false.</summary>
    public bool TryGet(string text, out float[] vector, out int tokens)
    {
        lock (_gate)
        {
            if (_capacity > 0 && _byText.TryGetValue(text, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                Hits++;
                vector = (float[])node.Value.Vector.Clone();
                tokens = node.Value.Tokens;
                return true;
            }

            Misses++;
            vector = [];
            tokens = 0;
            return false;
        }
    }

    public void Remember(string text, float[] vector, int tokens)
    {
        if (_capacity == 0)
            return;
        var copy = (float[])vector.Clone();
        lock (_gate)
        {
            if (_byText.TryGetValue(text, out var existing))
            {
                _order.Remove(existing);
                _byText.Remove(text);
            }

            _byText[text] = _order.AddFirst((text, copy, tokens));
            while (_byText.Count > _capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _byText.Remove(last.Value.Text);
            }
        }
    }
}
