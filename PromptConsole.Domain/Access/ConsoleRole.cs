namespace PromptConsole.Domain.Access;

/// <summary>
/// What a signed-in operator may do. Ordered: each role can do everything the one before it can.
/// Viewer reads; Operator edits versions, moves unprotected labels and runs experiments and canaries;
/// Admin also moves protected labels (production) and manages users, keys, channels and settings.
/// </summary>
public enum ConsoleRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}
