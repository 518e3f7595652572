using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class SampleValuesTests
{
    [Fact]
    public void Empty_inputs_are_left_out_so_defaults_and_required_apply()
    {
        var values = SampleValues.ToVariables(
            [new VariableDeclaration("a"), new VariableDeclaration("b"), new VariableDeclaration("c")],
            new Dictionary<string, string?> { ["a"] = "x", ["b"] = "", ["c"] = null, ["undeclared"] = "y" });

        Assert.Equal(["a"], values.Keys);
    }

    [Fact]
    public void Json_inputs_become_lists_and_objects_the_template_can_iterate()
    {
        var value = SampleValues.ToValue(VariableType.Json, """[{"name":"a","n":1},{"name":"b","n":2.5}]""");

        Assert.Equal(VariableValueKind.Structured, value.Kind);
        var items = Assert.IsType<List<object?>>(value.Structured);
        var first = Assert.IsType<Dictionary<string, object?>>(items[0]);
        Assert.Equal("a", first["name"]);
        Assert.Equal(1L, first["n"]);
        Assert.Equal(2.5, ((Dictionary<string, object?>)items[1]!)["n"]);
    }

    [Fact]
    public void Text_that_is_not_json_is_sent_as_text()
    {
        Assert.Equal(VariableValue.FromString("not json"), SampleValues.ToValue(VariableType.Json, "not json"));
        Assert.Equal(VariableValue.FromString("42"), SampleValues.ToValue(VariableType.Integer, "42"));
    }
}
