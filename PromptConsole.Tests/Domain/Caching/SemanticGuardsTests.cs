using PromptConsole.Domain.Caching;

namespace PromptConsole.Tests.Domain.Caching;

public sealed class SemanticGuardsTests
{
    [Theory]
    [InlineData("no guards in plain prose", "How do I reset my password?", "")]
    [InlineData("a number", "I was charged 42 dollars twice", "n:42")]
    [InlineData("a decimal and a thousands separator", "It costs 1,299.50 now", "n:1299.50")]
    [InlineData("an order id is one identifier", "Where is ORD-12345?", "i:ORD-12345")]
    [InlineData("identifiers ignore case", "where is ord-12345", "i:ORD-12345")]
    [InlineData("an e-mail address", "Write to Ada.Lovelace@example.com.", "e:ada.lovelace@example.com")]
    [InlineData("a URL", "See https://example.com/a?b=1.", "u:https://example.com/a?b=1")]
    [InlineData("a UUID", "Ticket 3f2504e0-4f89-11d3-9a0c-0305e82c3301 is open", "g:3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("a double-quoted string", "Translate \"good night\" to French", "q:good night")]
    [InlineData("a single-quoted string but not an apostrophe", "Don't rename 'billing' yet", "q:billing")]
    [InlineData("a back-quoted string", "Run `make test` first", "q:make test")]
    [InlineData("code-like tokens", "Why does user_id break parseOrder() in app.config", "c:app.config c:parseOrder() c:user_id")]
    [InlineData("kinds are sorted into one multiset", "Send 2 to ORD-7 and 2 more", "i:ORD-7 n:2 n:2")]
    public void Extracts_the_tokens_that_change_an_answer(string name, string text, string expected)
    {
        Assert.NotEmpty(name);
        Assert.Equal(expected, string.Join(' ', SemanticGuards.Extract(text)));
    }

    [Theory]
    [InlineData("paraphrase keeps the guards", "Refund order 1234 please", "Please refund my order 1234", true)]
    [InlineData("a changed number", "Refund order 1234", "Refund order 1243", false)]
    [InlineData("a number added", "Refund my order", "Refund my order 5", false)]
    [InlineData("a repeated number is counted", "2 and 2", "2 and 3", false)]
    [InlineData("order of the guards does not matter", "from 3 to 5", "to 5 from 3", true)]
    [InlineData("a changed quoted string", "Translate \"yes\"", "Translate \"no\"", false)]
    public void Guards_compare_as_multisets(string name, string left, string right, bool same)
    {
        Assert.NotEmpty(name);
        Assert.Equal(same, SemanticGuards.Same(SemanticGuards.Extract(left), SemanticGuards.Extract(right)));
    }
}
