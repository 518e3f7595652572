namespace PromptConsole.Web.Model;

/// <summary>Who the console acts as when it changes prompts (the audit's "who").</summary>
public interface IConsoleUser
{
    string Name { get; }
}

/// <summary>
/// There is no sign-in yet, so every console change is attributed to one fixed name. Replacing
/// this registration with one that reads the signed-in identity is the only change needed later.
/// </summary>
public sealed class FixedConsoleUser : IConsoleUser
{
    public const string DefaultName = "console";

    public string Name => DefaultName;
}
