using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Tests.Embeddings;

public sealed class RecentEmbeddingsTests
{
    [Fact]
    public void A_remembered_text_is_answered_with_a_copy_and_the_least_recently_used_goes_first()
    {
        var recent = new RecentEmbeddings(capacity: 2);
        recent.Remember("a", [1f, 0f], 3);
        recent.Remember("b", [0f, 1f], 4);

        Assert.True(recent.TryGet("a", out var a, out var tokens)); // "a" is now the most recent
        Assert.Equal([1f, 0f], a);
        Assert.Equal(3, tokens);
        a[0] = 42f;
        Assert.True(recent.TryGet("a", out var again, out _));
        Assert.Equal(1f, again[0]);

        recent.Remember("c", [0.5f, 0.5f], 5); // evicts "b"
        Assert.False(recent.TryGet("b", out _, out _));
        Assert.True(recent.TryGet("c", out _, out _));
        Assert.Equal(2, recent.Count);
        Assert.Equal(3, recent.Hits);
        Assert.Equal(1, recent.Misses);
    }

    [Fact]
    public void Capacity_zero_remembers_nothing()
    {
        var recent = new RecentEmbeddings(capacity: 0);
        recent.Remember("a", [1f], 1);
        Assert.False(recent.TryGet("a", out _, out _));
        Assert.Equal(0, recent.Count);
    }
}
