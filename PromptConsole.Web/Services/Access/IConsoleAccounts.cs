using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Access;

/// <summary>One operator as the users page and the users API show it.</summary>
public sealed record ConsoleAccountView(
    string Id,
    string Email,
    ConsoleRole? Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    bool Locked,
    IReadOnlyList<string> ExternalProviders);

/// <summary>The operators who may sign in, and what Admins change about them. Every change is audited.</summary>
public interface IConsoleAccounts
{
    Task<IReadOnlyList<ConsoleAccountView>> ListAsync(CancellationToken cancellationToken);

    Task<Result<ConsoleAccountView>> CreateAsync(string? email, string? password, string? role, string actor, CancellationToken cancellationToken);

    /// <summary>Refuses to take the last Admin's role away, so nobody can lock the installation out of itself.</summary>
    Task<Result<ConsoleAccountView>> SetRoleAsync(string id, string? role, string actor, CancellationToken cancellationToken);

    Task<Result<ConsoleAccountView>> SetLockedAsync(string id, bool locked, string actor, CancellationToken cancellationToken);

    Task<Result<ConsoleAccountView>> ResetPasswordAsync(string id, string? password, string actor, CancellationToken cancellationToken);

    /// <summary>The signed-in operator's sign-in time, for the users page.</summary>
    Task NoteSignInAsync(string id, CancellationToken cancellationToken);
}
