using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Limits;

/// <summary>A tenant's name: 1–100 characters of letters, digits, dot, underscore and hyphen (it appears in URLs and counter keys).</summary>
public static class TenantName
{
    public const int MaxLength = 100;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public static FieldError? Check(string? name, string field = "name") => IsValid(name)
        ? null
        : new FieldError(field, $"A tenant name is 1–{MaxLength} characters of A–Z, a–z, 0–9, '.', '_' and '-'; got '{name}'.");
}
