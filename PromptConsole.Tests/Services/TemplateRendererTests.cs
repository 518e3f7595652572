using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Templates;

namespace PromptConsole.Tests.Services;

public sealed class TemplateRendererTests
{
    private readonly HandlebarsTemplateRenderer _renderer = new();

    private static VersionDraft Draft(string template, string? system = null) => new(template, new ModelSettings("sim-fast"), SystemText: system);

    [Theory]
    [InlineData("Compare {{a}} & {{b}}", "Compare x < 1 & \"q\"")]
    [InlineData("{{#if flag}}yes{{else}}no{{/if}}", "yes")]
    [InlineData("{{#each items}}[{{this}}]{{/each}}", "[1][2]")]
    public void Renders_without_html_escaping(string template, string expected)
    {
        var values = new Dictionary<string, object?>
        {
            ["a"] = "x < 1",
            ["b"] = "\"q\"",
            ["flag"] = true,
            ["items"] = new List<object?> { 1L, 2L },
        };
        var rendered = _renderer.RenderDraft(Draft(template), values);
        Assert.True(rendered.IsSuccess);
        Assert.Equal(expected, rendered.Value.UserText);
    }

    [Fact]
    public void Renders_system_text_separately()
    {
        var rendered = _renderer.RenderDraft(Draft("Hi {{n}}", "You speak {{lang}}."), new Dictionary<string, object?> { ["n"] = "Ada", ["lang"] = "French" });
        Assert.Equal("You speak French.", rendered.Value.SystemText);
        Assert.Equal("Hi Ada", rendered.Value.UserText);
    }

    [Theory]
    [InlineData("{{#if x}}never closed", "template")]
    [InlineData("{{/if}}", "template")]
    public void Compile_errors_are_reported_on_the_field(string template, string field)
    {
        var errors = _renderer.CheckCompiles(Draft(template));
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(field, e.Field));
        Assert.False(_renderer.RenderDraft(Draft(template), new Dictionary<string, object?>()).IsSuccess);
    }

    [Fact]
    public void Valid_template_has_no_compile_errors()
    {
        Assert.Empty(_renderer.CheckCompiles(Draft("Hello {{name}}", "System {{x}}")));
    }
}
