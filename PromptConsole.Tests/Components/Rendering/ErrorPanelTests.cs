using Bunit;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Components.Controls;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components.Rendering;

public class ErrorPanelTests : MudComponentTest
{
    private static readonly ErrorView Invalid = ErrorView.From(Error.Validation("invalid-version", "The version is not valid.",
        [new FieldError("template", "Variable 'x' is used but not declared.", 3, 5), new FieldError("model.model", "A model id is required.")]));

    [Fact]
    public void Shows_the_message_and_every_field_message_with_its_position_as_an_alert()
    {
        var panel = Render<ErrorPanel>(p => p.Add(e => e.Error, Invalid).Add(e => e.TestId, "editor-errors"));

        var alert = panel.Find("[data-testid=editor-errors]");
        Assert.Equal("alert", alert.GetAttribute("role"));
        Assert.Equal("The version is not valid.", alert.QuerySelector(".pc-error-message")!.TextContent);
        Assert.Equal(["Line 3, column 5: Variable 'x' is used but not declared.", "A model id is required."],
            alert.QuerySelectorAll(".pc-error-fields li").Select(li => li.TextContent));
    }

    [Fact]
    public void Leaves_out_the_fields_already_shown_next_to_their_inputs()
    {
        var panel = Render<ErrorPanel>(p => p.Add(e => e.Error, Invalid).Add(e => e.PlacedFields, ["template"]));

        var fields = panel.FindAll(".pc-error-fields li");
        Assert.Equal("model.model", Assert.Single(fields).GetAttribute("data-field"));
    }

    [Fact]
    public void Renders_nothing_without_an_error()
    {
        var panel = Render<ErrorPanel>(p => p.Add(e => e.Error, null));

        Assert.Empty(panel.Markup.Trim());
    }
}
