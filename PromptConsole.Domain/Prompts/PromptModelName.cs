using System.Globalization;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Prompts;

/// <summary>A managed prompt named as an OpenAI model: <c>prompt:{key}</c>, optionally <c>@{label}</c> or <c>@{version}</c>.</summary>
public sealed record PromptModelName(string Key, string? Label, int? Version)
{
    public const string Prefix = "prompt:";

    /// <summary>True when the model names a managed prompt rather than a catalog model.</summary>
    public static bool IsPromptModel(string? model) => model is not null && model.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// <c>prompt:greet</c> routes as the execution API does (experiments, canaries, the <c>production</c> label);
    /// <c>prompt:greet@staging</c> asks for a label and <c>prompt:greet@3</c> pins version 3 (labels start with a
    /// letter, so a number is never a label). Errors name the field <c>model</c>.
    /// </summary>
    public static Result<PromptModelName> Parse(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!IsPromptModel(model))
            return Invalid($"'{model}' does not start with '{Prefix}'.");

        var rest = model[Prefix.Length..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var key = at < 0 ? rest : rest[..at];
        if (!PromptKey.IsValid(key))
            return Invalid($"'{key}' is not a prompt key (lower-case letters, digits, '.', '_' or '-'; at most {PromptKey.MaxLength}).");
        if (at < 0)
            return new PromptModelName(key, null, null);

        var selector = rest[(at + 1)..];
        if (int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
            return new PromptModelName(key, null, version);
        if (LabelName.IsValid(selector))
            return new PromptModelName(key, selector, null);
        return Invalid($"'{selector}' after '@' is neither a label name nor a version number.");
    }

    private static Error Invalid(string message) =>
        Error.Validation("invalid-chat-request", "The chat completion request is not valid.", [new FieldError("model", message)]);
}
