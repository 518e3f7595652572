namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// The best <c>count</c> candidates seen so far, kept sorted best first. Searches ask for a handful of matches,
/// so an insertion into a short sorted array beats a heap and allocates nothing per candidate.
/// </summary>
internal struct TopMatches
{
    private readonly int[] _rows;
    private readonly float[] _similarities;
    private int _count;

    public TopMatches(int capacity)
    {
        _rows = new int[capacity];
        _similarities = new float[capacity];
        _count = 0;
    }

    public void Offer(int row, float similarity)
    {
        var capacity = _rows.Length;
        if (_count == capacity && similarity <= _similarities[capacity - 1])
        {
            return;
        }

        var position = _count < capacity ? _count++ : capacity - 1;
        while (position > 0 && _similarities[position - 1] < similarity)
        {
            _rows[position] = _rows[position - 1];
            _similarities[position] = _similarities[position - 1];
            position--;
        }

        _rows[position] = row;
        _similarities[position] = similarity;
    }

    public readonly VectorMatch[] ToMatches(string[] ids)
    {
        var matches = new VectorMatch[_count];
        for (var i = 0; i < _count; i++)
        {
            matches[i] = new VectorMatch(ids[_rows[i]], _similarities[i]);
        }

        return matches;
    }
}
