namespace PromptConsole.Web.Infrastructure.Access;

public static class ConsoleAccountRules
{
    /// <summary>Length is what makes a password hard to guess; no composition rules on top.</summary>
    public const int MinimumPasswordLength = 12;
}
