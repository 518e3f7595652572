using Bunit;
using MudBlazor;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Controls;

namespace PromptConsole.Tests.Components.Rendering;

public class VariableInputsTests : MudComponentTest
{
    private static readonly VariableDeclaration[] Declarations =
    [
        new("name"),
        new("notes", VariableType.Text, Required: false),
        new("tone", VariableType.Enum, Required: false, Default: "friendly", AllowedValues: ["friendly", "formal"]),
        new("urgent", VariableType.Boolean),
    ];

    [Fact]
    public void One_labelled_input_per_declaration_typed_as_declared()
    {
        var inputs = Render<VariableInputs>(p => p.Add(v => v.Declarations, Declarations).Add(v => v.Values, []).Add(v => v.IdPrefix, "try"));

        Assert.Contains("name · string, required", inputs.Markup, StringComparison.Ordinal);
        Assert.Equal("input", FieldFor(inputs, "try-name").LocalName);
        Assert.Equal("textarea", FieldFor(inputs, "try-notes").LocalName);
        var selects = inputs.FindComponents<MudSelect<string>>();
        Assert.Equal(2, selects.Count);
    }

    [Fact]
    public async Task Typed_and_picked_values_are_written_into_the_values_and_reported()
    {
        var values = new Dictionary<string, string?>();
        var changes = 0;
        var inputs = Render<VariableInputs>(p => p
            .Add(v => v.Declarations, Declarations)
            .Add(v => v.Values, values)
            .Add(v => v.Changed, () => changes++)
            .Add(v => v.IdPrefix, "sample"));

        FieldFor(inputs, "sample-name").Input("Ada");
        var tone = inputs.FindComponents<MudSelect<string>>()[0];
        await inputs.InvokeAsync(() => tone.Instance.ValueChanged.InvokeAsync("formal"));

        Assert.Equal("Ada", values["name"]);
        Assert.Equal("formal", values["tone"]);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void A_version_without_variables_says_so()
    {
        var inputs = Render<VariableInputs>(p => p.Add(v => v.Declarations, []).Add(v => v.Values, []).Add(v => v.IdPrefix, "try"));

        Assert.Contains("This version declares no variables.", inputs.Find("[data-testid=try-no-variables]").TextContent, StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement FieldFor(IRenderedComponent<VariableInputs> inputs, string testId)
    {
        var element = inputs.Find($"[data-testid='{testId}']");
        return element.LocalName is "input" or "textarea" ? element : element.QuerySelector("textarea, input")!;
    }
}
