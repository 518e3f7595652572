using PromptConsole.Domain.Prompts;
using static PromptConsole.Tests.Domain.DomainFixtures;

namespace PromptConsole.Tests.Domain;

public sealed class VersionDraftValidatorTests
{
    private static readonly VariableDeclaration Name = new("name");

    /// <summary>rule, draft, then the error expected among the review's errors: field, message fragment, line, column.</summary>
    public static TheoryData<string, VersionDraft, string, string, int?, int?> Rejections => new()
    {
        { "used but undeclared variable", Draft("Hello {{name}}"), "template", "Variable 'name' is used but not declared.", 1, 9 },
        { "undeclared variable on a later line", Draft("Hi\n{{#if vip}}x{{/if}}"), "template", "'vip' is used but not declared", 2, 7 },
        { "undeclared variable in an each list", Draft("{{#each items}}{{name}}{{/each}}"), "template", "'items' is used but not declared", 1, 9 },
        { "undeclared variable in system text", Draft("Hi") with { SystemText = "You are {{persona}}." }, "systemText", "'persona' is used but not declared", 1, 11 },
        { "template syntax error", Draft("Hi {{#if name}}", Name), "template", "never closed", 1, 4 },
        { "system text syntax error", Draft("Hi") with { SystemText = "Be {{tone" }, "systemText", "never closed", 1, 4 },
        { "empty template", Draft(""), "template", "The template is empty.", null, null },
        { "blank template", Draft("  \n "), "template", "The template is empty.", null, null },
        { "template over the length limit", Draft(new string('a', VersionDraftValidator.MaxTemplateLength + 1)), "template", "longer than", null, null },
        { "variable name starting with a digit", Draft("x", new VariableDeclaration("1st")), "variables[0].name", "not a valid variable name", null, null },
        { "variable name with a hyphen", Draft("x", new VariableDeclaration("first-name")), "variables[0].name", "not a valid variable name", null, null },
        { "variable name with a dot", Draft("x", new VariableDeclaration("a.b")), "variables[0].name", "not a valid variable name", null, null },
        { "empty variable name", Draft("x", new VariableDeclaration("")), "variables[0].name", "not a valid variable name", null, null },
        { "non-ASCII variable name", Draft("x", new VariableDeclaration("naïve")), "variables[0].name", "not a valid variable name", null, null },
        { "duplicate declaration", Draft("{{name}}", Name, Name), "variables[1].name", "declared twice", null, null },
        { "enum without allowed values", Draft("{{tone}}", new VariableDeclaration("tone", VariableType.Enum)), "variables[0].allowedValues", "needs allowed values", null, null },
        { "enum with an empty list of values", Draft("{{tone}}", new VariableDeclaration("tone", VariableType.Enum, AllowedValues: [])), "variables[0].allowedValues", "needs allowed values", null, null },
        { "integer default that is fractional", Draft("{{n}}", new VariableDeclaration("n", VariableType.Integer, Default: "1.5")), "variables[0].default", "does not fit", null, null },
        { "number default that is not a number", Draft("{{n}}", new VariableDeclaration("n", VariableType.Number, Default: "many")), "variables[0].default", "does not fit", null, null },
        { "boolean default that is not true or false", Draft("{{b}}", new VariableDeclaration("b", VariableType.Boolean, Default: "yes")), "variables[0].default", "does not fit", null, null },
        { "date default that is not a date", Draft("{{d}}", new VariableDeclaration("d", VariableType.Date, Default: "tomorrow")), "variables[0].default", "does not fit", null, null },
        { "enum default outside its values", Draft("{{e}}", new VariableDeclaration("e", VariableType.Enum, Default: "c", AllowedValues: ["a", "b"])), "variables[0].default", "does not fit", null, null },
        { "semantic threshold of zero", Draft("{{t}}", new VariableDeclaration("t", VariableType.Text, SemanticThreshold: 0)), "variables[0].semanticThreshold", "(0, 1]", null, null },
        { "semantic threshold above one", Draft("{{t}}", new VariableDeclaration("t", VariableType.Text, SemanticThreshold: 1.01)), "variables[0].semanticThreshold", "(0, 1]", null, null },
        { "regex check that does not compile", Draft("x") with { Checks = new OutputChecks(Regex: "([a-z") }, "checks.regex", "does not compile", null, null },
        { "max length check of zero", Draft("x") with { Checks = new OutputChecks(MaxLength: 0) }, "checks.maxLength", "must be positive", null, null },
        { "temperature below zero", Draft("x") with { Model = new ModelSettings("m", Temperature: -0.1) }, "model.temperature", "between 0 and 2", null, null },
        { "temperature above two", Draft("x") with { Model = new ModelSettings("m", Temperature: 2.01) }, "model.temperature", "between 0 and 2", null, null },
        { "temperature not a number", Draft("x") with { Model = new ModelSettings("m", Temperature: double.NaN) }, "model.temperature", "between 0 and 2", null, null },
        { "max tokens of zero", Draft("x") with { Model = new ModelSettings("m", MaxTokens: 0) }, "model.maxTokens", "between 1 and 1,000,000", null, null },
        { "max tokens above the limit", Draft("x") with { Model = new ModelSettings("m", MaxTokens: 1_000_001) }, "model.maxTokens", "between 1 and 1,000,000", null, null },
        { "missing model id", Draft("x") with { Model = new ModelSettings(" ") }, "model.model", "model id is required", null, null },
        { "empty fallback model", Draft("x") with { Model = new ModelSettings("m", FallbackModels: ["b", ""]) }, "model.fallbackModels[1]", "fallback model id is empty", null, null },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_invalid_drafts(string rule, VersionDraft draft, string field, string fragment, int? line, int? column)
    {
        var review = VersionDraftValidator.Review(draft);

        Assert.False(review.IsValid, $"{rule}: the draft was accepted");
        Assert.True(
            review.Errors.Any(e => e.Field == field && e.Message.Contains(fragment, StringComparison.Ordinal) && e.Line == line && e.Column == column),
            $"{rule}: expected {field} '{fragment}' at {line}:{column}, found [{string.Join(" | ", review.Errors)}]");
    }

    public static TheoryData<string, VersionDraft> Acceptances => new()
    {
        { "declared and used variable", Draft("Hello {{name}}", Name) },
        { "names inside each belong to the item", Draft("{{#each items}}{{name}}{{/each}}", new VariableDeclaration("items", VariableType.Json)) },
        { "variable used only in system text", Draft("Hi") with { SystemText = "Greet {{name}}", Variables = [Name] } },
        { "temperature at zero", Draft("x") with { Model = new ModelSettings("m", Temperature: 0) } },
        { "temperature at two", Draft("x") with { Model = new ModelSettings("m", Temperature: 2) } },
        { "max tokens at one", Draft("x") with { Model = new ModelSettings("m", MaxTokens: 1) } },
        { "max tokens at the limit", Draft("x") with { Model = new ModelSettings("m", MaxTokens: 1_000_000) } },
        { "template at the length limit", Draft(new string('a', VersionDraftValidator.MaxTemplateLength)) },
        { "integer default", Draft("{{n}}", new VariableDeclaration("n", VariableType.Integer, Default: "-3")) },
        { "number default", Draft("{{n}}", new VariableDeclaration("n", VariableType.Number, Default: "0.25")) },
        { "boolean default", Draft("{{b}}", new VariableDeclaration("b", VariableType.Boolean, Default: "false")) },
        { "date default", Draft("{{d}}", new VariableDeclaration("d", VariableType.Date, Default: "2026-01-31")) },
        { "enum default among its values", Draft("{{e}}", new VariableDeclaration("e", VariableType.Enum, Default: "b", AllowedValues: ["a", "b"])) },
        { "json default of any shape", Draft("{{j}}", new VariableDeclaration("j", VariableType.Json, Default: "[1, 2]")) },
        { "semantic threshold of one", Draft("{{t}}", new VariableDeclaration("t", VariableType.Text, SemanticThreshold: 1)) },
        { "valid checks", Draft("x") with { Checks = new OutputChecks(MaxLength: 1, Regex: "^\\w+$", MustBeJson: true) } },
        { "underscore variable name", Draft("{{_private_1}}", new VariableDeclaration("_private_1")) },
    };

    [Theory]
    [MemberData(nameof(Acceptances))]
    public void Accepts_valid_drafts(string rule, VersionDraft draft)
    {
        var review = VersionDraftValidator.Review(draft);

        Assert.True(review.IsValid, $"{rule}: rejected with [{string.Join(" | ", review.Errors)}]");
    }

    [Fact]
    public void Declared_but_unused_variable_is_a_warning_not_an_error()
    {
        var review = VersionDraftValidator.Review(Draft("Hello {{name}}", Name, new VariableDeclaration("tone")));

        Assert.True(review.IsValid);
        var warning = Assert.Single(review.Warnings);
        Assert.Equal("variables[1].name", warning.Field);
        Assert.Contains("'tone' is declared but never used", warning.Message);
    }

    [Fact]
    public void Every_undeclared_use_is_reported_at_its_own_position()
    {
        var review = VersionDraftValidator.Review(Draft("{{a}}\n{{b}} {{a}}"));

        Assert.Equal(
            ["a@1:3", "b@2:3", "a@2:9"],
            review.Errors.Select(e => $"{ExtractName(e.Message)}@{e.Line}:{e.Column}"));
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var draft = new VersionDraft(
            "{{undeclared}}",
            new ModelSettings("m", Temperature: 3),
            [new VariableDeclaration("bad-name")],
            new OutputChecks(MaxLength: -1));

        var fields = VersionDraftValidator.Review(draft).Errors.Select(e => e.Field).Order(StringComparer.Ordinal);

        Assert.Equal(["checks.maxLength", "model.temperature", "template", "variables[0].name"], fields);
    }

    private static string ExtractName(string message) => message.Split('\'')[1];
}
