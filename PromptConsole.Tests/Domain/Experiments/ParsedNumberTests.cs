using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Tests.Domain.Experiments;

public class ParsedNumberTests
{
    [Fact]
    public void Each_text_gets_its_own_number_whether_or_not_it_was_parsed_just_before()
    {
        var forty = new string("40".AsSpan());
        Assert.True(ParsedNumber.TryGet(forty, out var first));
        Assert.True(ParsedNumber.TryGet(forty, out var again));
        Assert.Equal((40d, 40d), (first, again));

        Assert.False(ParsedNumber.TryGet("many", out _));
        Assert.True(ParsedNumber.TryGet("2.5", out var other));
        Assert.Equal(2.5, other);

        // Equal text in another instance (another request's string) is parsed, not taken on trust.
        Assert.True(ParsedNumber.TryGet(new string("40".AsSpan()), out var equalText));
        Assert.Equal(40d, equalText);
        Assert.False(ParsedNumber.TryGet("NaN", out _));
    }
}
