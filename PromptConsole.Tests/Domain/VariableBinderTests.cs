using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Tests.Domain;

public sealed class VariableBinderTests
{
    [Theory]
    // free text and short strings take text, numbers and booleans as their text, never lists
    [InlineData(VariableType.Text, VariableValueKind.String, "hello", true)]
    [InlineData(VariableType.Text, VariableValueKind.Number, "42", true)]
    [InlineData(VariableType.Text, VariableValueKind.Boolean, "true", true)]
    [InlineData(VariableType.Text, VariableValueKind.Structured, "[1]", false)]
    [InlineData(VariableType.String, VariableValueKind.String, "en", true)]
    [InlineData(VariableType.String, VariableValueKind.Number, "7", true)]
    [InlineData(VariableType.String, VariableValueKind.Boolean, "false", true)]
    [InlineData(VariableType.String, VariableValueKind.Structured, "{}", false)]
    [InlineData(VariableType.Id, VariableValueKind.String, "ord_123", true)]
    [InlineData(VariableType.Id, VariableValueKind.Structured, "{}", false)]
    [InlineData(VariableType.Code, VariableValueKind.String, "x = 1", true)]
    [InlineData(VariableType.Code, VariableValueKind.Structured, "[]", false)]
    // numbers: JSON numbers, or strings holding a finite number
    [InlineData(VariableType.Number, VariableValueKind.Number, "3.14", true)]
    [InlineData(VariableType.Number, VariableValueKind.String, "3.14", true)]
    [InlineData(VariableType.Number, VariableValueKind.String, "-1e3", true)]
    [InlineData(VariableType.Number, VariableValueKind.String, "abc", false)]
    [InlineData(VariableType.Number, VariableValueKind.String, "NaN", false)]
    [InlineData(VariableType.Number, VariableValueKind.String, "Infinity", false)]
    [InlineData(VariableType.Number, VariableValueKind.Boolean, "true", false)]
    [InlineData(VariableType.Number, VariableValueKind.Structured, "[1]", false)]
    // integers: whole numbers only, as numbers or strings
    [InlineData(VariableType.Integer, VariableValueKind.Number, "42", true)]
    [InlineData(VariableType.Integer, VariableValueKind.String, "42", true)]
    [InlineData(VariableType.Integer, VariableValueKind.String, "-7", true)]
    [InlineData(VariableType.Integer, VariableValueKind.Number, "4.5", false)]
    [InlineData(VariableType.Integer, VariableValueKind.String, "4.5", false)]
    [InlineData(VariableType.Integer, VariableValueKind.Number, "99999999999999999999", false)]
    [InlineData(VariableType.Integer, VariableValueKind.String, "forty", false)]
    [InlineData(VariableType.Integer, VariableValueKind.Boolean, "true", false)]
    [InlineData(VariableType.Integer, VariableValueKind.Structured, "[1]", false)]
    // booleans: JSON booleans or exactly "true"/"false"
    [InlineData(VariableType.Boolean, VariableValueKind.Boolean, "true", true)]
    [InlineData(VariableType.Boolean, VariableValueKind.String, "true", true)]
    [InlineData(VariableType.Boolean, VariableValueKind.String, "false", true)]
    [InlineData(VariableType.Boolean, VariableValueKind.String, "yes", false)]
    [InlineData(VariableType.Boolean, VariableValueKind.String, "True", false)]
    [InlineData(VariableType.Boolean, VariableValueKind.Number, "1", false)]
    // dates: ISO-8601 strings
    [InlineData(VariableType.Date, VariableValueKind.String, "2026-01-31", true)]
    [InlineData(VariableType.Date, VariableValueKind.String, "2026-01-31T09:30:00Z", true)]
    [InlineData(VariableType.Date, VariableValueKind.String, "2026-01-31T09:30:00+02:00", true)]
    [InlineData(VariableType.Date, VariableValueKind.String, "2026-01-31T09:30:00.125Z", true)]
    [InlineData(VariableType.Date, VariableValueKind.String, "2026-01-31T09:30:00", true)]
    [InlineData(VariableType.Date, VariableValueKind.String, "2026-02-30", false)]
    [InlineData(VariableType.Date, VariableValueKind.String, "31/01/2026", false)]
    [InlineData(VariableType.Date, VariableValueKind.String, "01/31/2026", false)]
    [InlineData(VariableType.Date, VariableValueKind.String, "Jan 31 2026", false)]
    [InlineData(VariableType.Date, VariableValueKind.String, "yesterday", false)]
    [InlineData(VariableType.Date, VariableValueKind.Number, "20260131", false)]
    // enums: a string among the allowed values, case-sensitive
    [InlineData(VariableType.Enum, VariableValueKind.String, "red", true)]
    [InlineData(VariableType.Enum, VariableValueKind.String, "Red", false)]
    [InlineData(VariableType.Enum, VariableValueKind.String, "blue", false)]
    [InlineData(VariableType.Enum, VariableValueKind.Number, "1", false)]
    // json: anything
    [InlineData(VariableType.Json, VariableValueKind.Structured, "[1,2]", true)]
    [InlineData(VariableType.Json, VariableValueKind.String, "text", true)]
    [InlineData(VariableType.Json, VariableValueKind.Number, "1.5", true)]
    [InlineData(VariableType.Json, VariableValueKind.Boolean, "false", true)]
    public void Checks_each_type_against_each_value_kind(VariableType type, VariableValueKind kind, string text, bool accepted)
    {
        var declaration = new VariableDeclaration("v", type, AllowedValues: ["red", "green"]);
        var value = kind == VariableValueKind.Structured
            ? VariableValue.FromStructured(new List<object?>(), text)
            : new VariableValue(kind, text);

        var problem = VariableBinder.CheckValue(declaration, value);

        Assert.True(accepted == (problem is null), $"{type} given {kind} '{text}': expected {(accepted ? "accepted" : "rejected")}, problem was '{problem}'");
    }

    [Fact]
    public void Every_missing_required_variable_is_listed_at_once()
    {
        var declarations = new[]
        {
            new VariableDeclaration("a"),
            new VariableDeclaration("b", VariableType.Integer),
            new VariableDeclaration("c", Required: false),
            new VariableDeclaration("d"),
        };

        var result = VariableBinder.Bind(declarations, Supplied(("d", VariableValue.FromString("here"))));

        var error = AssertValidationError(result);
        Assert.Equal(["variables.a", "variables.b"], error.FieldErrors.Select(f => f.Field));
        Assert.Contains("Required variable 'b' (an integer) is missing.", error.FieldErrors[1].Message);
    }

    [Fact]
    public void Missing_and_mistyped_variables_are_reported_together()
    {
        var declarations = new[] { new VariableDeclaration("count", VariableType.Integer), new VariableDeclaration("name") };

        var result = VariableBinder.Bind(declarations, Supplied(("count", VariableValue.FromNumber("2.5"))));

        var error = AssertValidationError(result);
        Assert.Equal(["variables.count", "variables.name"], error.FieldErrors.Select(f => f.Field));
        Assert.Equal("'count' must be an integer, got a fractional number.", error.FieldErrors[0].Message);
    }

    [Fact]
    public void Null_counts_as_missing()
    {
        var result = VariableBinder.Bind([new VariableDeclaration("a")], Supplied(("a", VariableValue.Null)));

        Assert.Equal("variables.a", Assert.Single(AssertValidationError(result).FieldErrors).Field);
    }

    [Fact]
    public void Enum_value_outside_the_allowed_values_names_them()
    {
        var declaration = new VariableDeclaration("tone", VariableType.Enum, AllowedValues: ["formal", "casual"]);

        var result = VariableBinder.Bind([declaration], Supplied(("tone", VariableValue.FromString("angry"))));

        Assert.Equal("'tone' must be one of 'formal', 'casual', got 'angry'.", Assert.Single(AssertValidationError(result).FieldErrors).Message);
    }

    public static TheoryData<string, VariableDeclaration, VariableValue?, object?, string> Bindings => new()
    {
        { "string passes through", new("s"), VariableValue.FromString("hi"), "hi", "hi" },
        { "integer given as a number", new("n", VariableType.Integer), VariableValue.FromNumber("42"), 42L, "42" },
        { "integer given as a string", new("n", VariableType.Integer), VariableValue.FromString("-7"), -7L, "-7" },
        { "number given as a string", new("x", VariableType.Number), VariableValue.FromString("2.5"), 2.5d, "2.5" },
        { "number given as a number", new("x", VariableType.Number), VariableValue.FromNumber("1e2"), 100d, "1e2" },
        { "boolean given as a string", new("b", VariableType.Boolean), VariableValue.FromString("false"), false, "false" },
        { "boolean given as a boolean", new("b", VariableType.Boolean), VariableValue.FromBoolean(true), true, "true" },
        { "date stays as its text", new("d", VariableType.Date), VariableValue.FromString("2026-01-31"), "2026-01-31", "2026-01-31" },
        { "number given to a string variable keeps its text", new("s"), VariableValue.FromNumber("3"), "3", "3" },
        { "json text stays text", new("j", VariableType.Json), VariableValue.FromString("plain"), "plain", "plain" },
        { "default applied when missing", new("tone", Default: "friendly"), null, "friendly", "friendly" },
        { "default applied when null", new("tone", Default: "friendly"), VariableValue.Null, "friendly", "friendly" },
        { "default converted to its type", new("n", VariableType.Integer, Default: "3"), null, 3L, "3" },
        { "boolean default converted", new("b", VariableType.Boolean, Default: "true"), null, true, "true" },
        { "supplied value beats the default", new("tone", Default: "friendly"), VariableValue.FromString("terse"), "terse", "terse" },
        { "optional missing is null", new("opt", Required: false), null, null, "" },
        { "optional null is null", new("opt", VariableType.Integer, Required: false), VariableValue.Null, null, "" },
    };

    [Theory]
    [MemberData(nameof(Bindings))]
    public void Binds_values_to_their_declared_types(string rule, VariableDeclaration declaration, VariableValue? supplied, object? expected, string canonical)
    {
        var values = supplied is { } value ? Supplied((declaration.Name, value)) : Supplied();

        var result = VariableBinder.Bind([declaration], values);

        Assert.True(result.IsSuccess, $"{rule}: {result.Error?.Message} {string.Join(" | ", result.Error?.FieldErrors ?? [])}");
        var bound = result.Value.Values[declaration.Name];
        Assert.True(Equals(expected, bound), $"{rule}: expected {Show(expected)}, bound {Show(bound)}");
        Assert.Equal(canonical, result.Value.CanonicalText[declaration.Name]);
    }

    [Fact]
    public void Structured_json_is_bound_as_the_object_itself()
    {
        var items = new List<object?> { "a", "b" };

        var result = VariableBinder.Bind([new VariableDeclaration("items", VariableType.Json)], Supplied(("items", VariableValue.FromStructured(items, "[\"a\",\"b\"]"))));

        Assert.Same(items, result.Value.Values["items"]);
        Assert.Equal("[\"a\",\"b\"]", result.Value.CanonicalText["items"]);
    }

    [Theory]
    [InlineData("{\"tone\":\"warm\",\"items\":[1,2]}", "warm")]
    [InlineData("[\"a\",\"b\"]", null)]
    public void A_json_default_is_bound_as_the_structure_it_describes(string defaultJson, string? tone)
    {
        var result = VariableBinder.Bind([new VariableDeclaration("options", VariableType.Json, Required: false, Default: defaultJson)], Supplied());

        Assert.True(result.IsSuccess);
        var bound = result.Value.Values["options"];
        if (tone is null)
        {
            Assert.Equal(["a", "b"], Assert.IsType<List<object?>>(bound));
        }
        else
        {
            var fields = Assert.IsType<Dictionary<string, object?>>(bound);
            Assert.Equal(tone, fields["tone"]);
            Assert.Equal([1L, 2L], Assert.IsType<List<object?>>(fields["items"]));
        }
    }

    [Fact]
    public void A_json_default_that_is_not_json_is_bound_as_its_text()
    {
        var result = VariableBinder.Bind([new VariableDeclaration("note", VariableType.Json, Required: false, Default: "plain words")], Supplied());
        Assert.Equal("plain words", result.Value.Values["note"]);
    }

    [Fact]
    public void Undeclared_extras_are_ignored()
    {
        var result = VariableBinder.Bind(
            [new VariableDeclaration("name")],
            Supplied(("name", VariableValue.FromString("Ada")), ("extra", VariableValue.FromStructured(new object(), "{}"))));

        Assert.True(result.IsSuccess);
        Assert.Equal(["name"], result.Value.Values.Keys);
        Assert.Equal(["name"], result.Value.CanonicalText.Keys);
    }

    private static Dictionary<string, VariableValue> Supplied(params (string Name, VariableValue Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    private static Error AssertValidationError(Result<BoundVariables> result)
    {
        Assert.False(result.IsSuccess, "expected the variables to be rejected");
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("invalid-variables", result.Error.Code);
        return result.Error;
    }

    private static string Show(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";
}
