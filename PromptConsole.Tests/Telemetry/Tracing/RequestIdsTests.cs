using Microsoft.Extensions.Primitives;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry.Tracing;

public sealed class RequestIdsTests
{
    public static TheoryData<string, bool> Cases => new()
    {
        { "abc", true },
        { "0f8fad5b-d9cb-469f-a165-70867728950e", true },
        { "checkout/7f3a:retry=2", true },
        { "with inner space", true },
        { "~!@#$%^&*()_+{}|:<>?", true },
        { "x", true },
        { new string('a', 128), true },
        { new string('a', 129), false },
        { "", false },
        { "   ", false },
        { "tab\there", false },
        { "line\nbreak", false },
        { "nul\0", false },
        { "del\u007f", false },
        { "naïve", false },
        { "emoji-\U0001F600", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_single_printable_ascii_value_up_to_128_characters_is_accepted(string header, bool accepted)
    {
        Assert.Equal(accepted ? header : null, RequestIds.Accept(new StringValues(header)));
    }

    [Fact]
    public void Missing_or_repeated_headers_are_not_accepted()
    {
        Assert.Null(RequestIds.Accept(StringValues.Empty));
        Assert.Null(RequestIds.Accept(new StringValues(["first", "second"])));
    }

    [Fact]
    public void A_replacement_is_fresh_and_itself_acceptable()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => RequestIds.AcceptOrNew(StringValues.Empty)).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(id, RequestIds.Accept(id)));
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }
}
