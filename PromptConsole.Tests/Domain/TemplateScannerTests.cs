using PromptConsole.Domain.Templates;

namespace PromptConsole.Tests.Domain;

public sealed class TemplateScannerTests
{
    /// <summary>Expected references are written "name@line:column", space separated, in template order.</summary>
    [Theory]
    // plain expressions
    [InlineData("single variable at the start", "{{x}}", "x@1:3")]
    [InlineData("variable after text", "Hello {{name}}!", "name@1:9")]
    [InlineData("triple-stash variable", "{{{x}}}", "x@1:4")]
    [InlineData("spaces inside the braces", "{{ x }}", "x@1:4")]
    [InlineData("whitespace-control tildes", "{{~x~}}", "x@1:4")]
    [InlineData("tildes and spaces", "{{~ x ~}}", "x@1:5")]
    [InlineData("ampersand unescaped variable", "{{&x}}", "x@1:4")]
    [InlineData("dotted path reports its root", "{{a.b}}", "a@1:3")]
    [InlineData("slash path reports its root", "{{a/b}}", "a@1:3")]
    [InlineData("this-dot path reports the name after this", "{{this.a}}", "a@1:8")]
    [InlineData("each occurrence is reported", "{{x}}{{x}}", "x@1:3 x@1:8")]
    [InlineData("bare this is not a variable", "{{this}}", "")]
    [InlineData("data variable at the root is not a variable", "{{@index}}", "")]
    [InlineData("text without expressions", "Just text, no braces.", "")]
    // lines and columns
    [InlineData("variable on the second line", "line one\n  {{x}}", "x@2:5")]
    [InlineData("two variables on the third line", "a\nb\n{{x}} {{y}}", "x@3:3 y@3:9")]
    [InlineData("CRLF line endings", "a\r\n{{x}}", "x@2:3")]
    [InlineData("expression spanning lines", "{{#if\n  ready}}go{{/if}}", "ready@2:3")]
    // helpers and blocks
    [InlineData("if condition is a variable", "{{#if x}}yes{{else}}no{{/if}}", "x@1:7")]
    [InlineData("both branches of if are root context", "{{#if x}}{{y}}{{else}}{{z}}{{/if}}", "x@1:7 y@1:12 z@1:25")]
    [InlineData("unless condition is a variable", "{{#unless flag}}!{{/unless}}", "flag@1:11")]
    [InlineData("else-if condition is a variable", "{{#if a}}{{else if b}}{{/if}}", "a@1:7 b@1:20")]
    [InlineData("each list is a variable but names inside are not", "{{#each items}}{{name}}{{/each}}", "items@1:9")]
    [InlineData("with target is a variable but names inside are not", "{{#with person}}{{name}}{{/with}}", "person@1:9")]
    [InlineData("@root inside each is a root variable", "{{#each items}}{{@root.y}}{{/each}}", "items@1:9 y@1:24")]
    [InlineData("names after each closes are root again", "{{#each items}}{{name}}{{/each}}{{footer}}", "items@1:9 footer@1:35")]
    [InlineData("if nested in each reads the item", "{{#each items}}{{#if done}}x{{/if}}{{/each}}", "items@1:9")]
    [InlineData("each with block params", "{{#each items as |item|}}{{item.name}}{{/each}}", "items@1:9")]
    [InlineData("inverted section over a variable", "{{^items}}none{{/items}}", "items@1:4")]
    [InlineData("helper arguments are variables, the helper is not", "{{log a key=b}}", "a@1:7 b@1:13")]
    [InlineData("lookup arguments are variables", "{{lookup map key}}", "map@1:10 key@1:14")]
    // literals, comments, escapes
    [InlineData("literal arguments are ignored", "{{log \"text\" 'single' 42 -1.5 true false null undefined}}", "")]
    [InlineData("literal hash values are ignored", "{{log key=\"v\" n=3}}", "")]
    [InlineData("short comment is ignored", "{{! x}}", "")]
    [InlineData("long comment is ignored, even with braces inside", "{{!-- {{x}} --}}", "")]
    [InlineData("variable after a long comment", "{{!-- x --}}{{y}}", "y@1:15")]
    [InlineData("escaped expression is ignored", "\\{{x}}", "")]
    [InlineData("variable after an escaped expression", "\\{{x}} {{y}}", "y@1:10")]
    public void Finds_root_variables_with_positions(string rule, string template, string expected)
    {
        var analysis = TemplateScanner.Analyze(template);

        var found = string.Join(" ", analysis.References.Select(r => $"{r.Name}@{r.Line}:{r.Column}"));
        Assert.True(expected == found, $"{rule}: expected [{expected}], found [{found}]");
        Assert.True(analysis.IsValid, $"{rule}: unexpected errors {string.Join("; ", analysis.Errors)}");
    }

    /// <summary>Expected errors are "line:column fragment-of-message", in position order.</summary>
    [Theory]
    [InlineData("unclosed expression", "Hello {{name", new[] { "1:7 never closed with '}}'" })]
    [InlineData("unclosed triple-stash", "{{{x}}", new[] { "1:1 never closed with '}}}'" })]
    [InlineData("unclosed long comment", "{{!-- note }}", new[] { "1:1 never closed with '--}}'" })]
    [InlineData("unclosed expression on a later line", "one\ntwo\n  {{x", new[] { "3:3 never closed" })]
    [InlineData("close without open", "a\n  {{/if}}", new[] { "2:3 '{{/if}}' closes a block that was never opened" })]
    [InlineData("mismatched close", "{{#if x}}{{/each}}",
        new[] { "1:1 '{{#if}}' is never closed with '{{/if}}'", "1:10 '{{/each}}' does not match '{{#if}}' opened at line 1, column 1" })]
    [InlineData("block never closed", "{{#if x}}\nunfinished", new[] { "1:1 '{{#if}}' is never closed with '{{/if}}'" })]
    [InlineData("inner block never closed", "{{#each items}}\n  {{#if done}}x\n{{/each}}",
        new[] { "1:1 '{{#each}}' is never closed", "2:3 '{{#if}}' is never closed", "3:1 '{{/each}}' does not match '{{#if}}' opened at line 2, column 3" })]
    [InlineData("empty expression", "{{}}", new[] { "1:1 Empty expression" })]
    [InlineData("blank expression", "a {{ }}", new[] { "1:3 Empty expression" })]
    [InlineData("only tildes", "{{~~}}", new[] { "1:1 Empty expression" })]
    [InlineData("block without a helper name", "{{#}}", new[] { "1:1 needs a helper name" })]
    [InlineData("unknown helper (compiles, but would fail at render time)", "Hi\n  {{shout name}}", new[] { "2:3 Unknown helper 'shout'" })]
    [InlineData("partial (compiles, but would fail at render time)", "{{> header}}", new[] { "1:1 Partials ('{{>header}}') are not supported" })]
    public void Reports_syntax_errors_with_positions(string rule, string template, string[] expected)
    {
        var analysis = TemplateScanner.Analyze(template);

        var found = analysis.Errors.Select(e => $"{e.Line}:{e.Column} {e.Message}").ToArray();
        Assert.False(analysis.IsValid, $"{rule}: expected errors, found none");
        Assert.True(
            expected.Length == found.Length && expected.Zip(found).All(pair => PositionAndMessageMatch(pair.First, pair.Second)),
            $"{rule}: expected [{string.Join(" | ", expected)}], found [{string.Join(" | ", found)}]");
    }

    [Fact]
    public void Variable_names_are_distinct_even_when_used_many_times()
    {
        var analysis = TemplateScanner.Analyze("{{a}} {{b}} {{a.c}} {{#if b}}{{/if}}");

        Assert.Equal(["a", "b"], analysis.VariableNames.Order(StringComparer.Ordinal));
    }

    private static bool PositionAndMessageMatch(string expected, string found)
    {
        var space = expected.IndexOf(' ');
        var position = expected[..space];
        var fragment = expected[(space + 1)..];
        return found.StartsWith(position + " ", StringComparison.Ordinal) && found.Contains(fragment, StringComparison.Ordinal);
    }
}
