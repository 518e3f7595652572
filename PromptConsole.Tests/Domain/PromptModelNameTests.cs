using PromptConsole.Domain.Prompts;

namespace PromptConsole.Tests.Domain;

public sealed class PromptModelNameTests
{
    [Theory]
    [InlineData("prompt:greet", "greet", null, null)]
    [InlineData("prompt:support-reply@staging", "support-reply", "staging", null)]
    [InlineData("prompt:support-reply@3", "support-reply", null, 3)]
    [InlineData("prompt:a.b_c-1@canary_2", "a.b_c-1", "canary_2", null)]
    public void A_prompt_model_names_the_key_and_a_label_or_a_version(string model, string key, string? label, int? version)
    {
        var parsed = PromptModelName.Parse(model);

        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        Assert.Equal(new PromptModelName(key, label, version), parsed.Value);
    }

    [Theory]
    [InlineData("greet")]
    [InlineData("prompt:")]
    [InlineData("prompt:Greet")]
    [InlineData("prompt:greet@")]
    [InlineData("prompt:greet@0")]
    [InlineData("prompt:greet@-1")]
    [InlineData("prompt:greet@Staging")]
    [InlineData("prompt:greet@staging@2")]
    [InlineData("Prompt:greet")]
    public void Anything_else_is_refused_naming_the_model_field(string model)
    {
        var parsed = PromptModelName.Parse(model);

        Assert.False(parsed.IsSuccess);
        Assert.Equal("model", Assert.Single(parsed.Error!.FieldErrors).Field);
    }

    [Theory]
    [InlineData("prompt:greet", true)]
    [InlineData("sim-fast", false)]
    [InlineData("gpt-4o-mini", false)]
    [InlineData(null, false)]
    public void Only_the_prefix_makes_a_prompt_model(string? model, bool expected) =>
        Assert.Equal(expected, PromptModelName.IsPromptModel(model));
}
