namespace PromptConsole.Domain.Access;

/// <summary>Tenants are account names operators choose (billing and limits are by tenant): a short, safe token.</summary>
public static class TenantName
{
    public const int MaxLength = 100;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
