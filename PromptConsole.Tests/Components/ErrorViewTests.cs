using PromptConsole.Domain.Common;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class ErrorViewTests
{
    [Fact]
    public void Field_errors_with_a_position_read_as_line_and_column()
    {
        Assert.Equal(
            "Line 3, column 5: Variable 'x' is used but not declared.",
            ErrorView.Describe(new FieldError("template", "Variable 'x' is used but not declared.", 3, 5)));
        Assert.Equal("Line 2: Broken.", ErrorView.Describe(new FieldError("template", "Broken.", 2)));
        Assert.Equal("A model id is required.", ErrorView.Describe(new FieldError("model.model", "A model id is required.")));
    }

    [Fact]
    public void Keeps_the_registry_message_and_every_field_message_verbatim()
    {
        var error = Error.Validation("invalid-version", "The version is not valid.",
            [new FieldError("template", "The template is empty."), new FieldError("model.model", "A model id is required.")]);

        var view = ErrorView.From(error);

        Assert.Equal("The version is not valid.", view.Message);
        Assert.Equal(["The template is empty.", "A model id is required."], view.Fields.Select(f => f.Text));
    }

    [Fact]
    public void Places_messages_under_inputs_by_name_or_plain_prefix_but_not_by_indexed_path()
    {
        var view = ErrorView.From(Error.Validation("invalid", "Invalid.",
        [
            new FieldError("firstVersion.template", "Empty."),
            new FieldError("model.model", "Model required."),
            new FieldError("variables[0].name", "Bad variable name."),
            new FieldError("name", "Name required."),
        ]));

        Assert.Equal(["Empty."], view.For("template"));
        Assert.Equal(["Model required."], view.For("model"));
        Assert.Equal(["Name required."], view.For("name"));
        Assert.Equal(["Bad variable name."], view.NotPlaced("template", "model", "name").Select(f => f.Text));
    }
}
