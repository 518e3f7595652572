using Bunit;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Components.Controls;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components.Rendering;

public class FieldErrorsTests : MudComponentTest
{
    [Fact]
    public void Shows_the_messages_of_its_field_including_nested_paths_with_line_and_column()
    {
        var error = ErrorView.From(Error.Validation("invalid-prompt", "The prompt is not valid.",
            [new FieldError("firstVersion.template", "'{{#if}}' is never closed with '{{/if}}'.", 2, 1), new FieldError("key", "Bad key.")]));

        var messages = Render<FieldErrors>(p => p.Add(f => f.Error, error).Add(f => f.Field, "template"));

        var shown = Assert.Single(messages.FindAll(".pc-field-error"));
        Assert.Equal("template", shown.GetAttribute("data-field"));
        Assert.Equal("Line 2, column 1: '{{#if}}' is never closed with '{{/if}}'.", shown.TextContent);
    }

    [Fact]
    public void Shows_nothing_for_a_field_without_messages_or_without_an_error()
    {
        var error = ErrorView.From(Error.Validation("invalid-prompt", "The prompt is not valid.", [new FieldError("key", "Bad key.")]));

        Assert.Empty(Render<FieldErrors>(p => p.Add(f => f.Error, error).Add(f => f.Field, "name")).FindAll(".pc-field-error"));
        Assert.Empty(Render<FieldErrors>(p => p.Add(f => f.Error, null).Add(f => f.Field, "name")).FindAll(".pc-field-error"));
    }
}
