using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>
/// Operators in memory with the service's rules: the same field errors on create, "user-exists" for a taken address,
/// and the last-admin refusal for role changes and locks. Every call is recorded.
/// </summary>
public sealed class FakeConsoleAccounts : IConsoleAccounts
{
    private readonly List<ConsoleAccountView> _accounts = [];
    private int _next;

    public List<string> Calls { get; } = [];

    /// <summary>When set, listing throws it (an unreachable database).</summary>
    public Exception? ListFailure { get; set; }

    public IReadOnlyList<ConsoleAccountView> Accounts => _accounts;

    public ConsoleAccountView Add(string email, ConsoleRole role, bool locked = false, params string[] providers)
    {
        var account = new ConsoleAccountView($"u{++_next}", email, role, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), null, locked, providers);
        _accounts.Add(account);
        return account;
    }

    public Task<IReadOnlyList<ConsoleAccountView>> ListAsync(CancellationToken cancellationToken)
    {
        Calls.Add("list");
        if (ListFailure is not null)
            throw ListFailure;
        return Task.FromResult<IReadOnlyList<ConsoleAccountView>>([.. _accounts]);
    }

    public Task<Result<ConsoleAccountView>> CreateAsync(string? email, string? password, string? role, string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"create {email} {role} by {actor}");
        var errors = new List<FieldError>();
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal))
            errors.Add(new FieldError("email", "An email address is required (it is the sign-in name)."));
        if (string.IsNullOrEmpty(password) || password.Length < ConsoleAccountRules.MinimumPasswordLength)
            errors.Add(new FieldError("password", $"A password of at least {ConsoleAccountRules.MinimumPasswordLength} characters is required."));
        if (!ConsoleRoles.TryParse(role, out var parsed))
            errors.Add(new FieldError("role", "Choose a role."));
        if (errors.Count > 0)
            return Task.FromResult<Result<ConsoleAccountView>>(Error.Validation("invalid-user", "The user is not valid.", errors));
        if (_accounts.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)))
            return Task.FromResult<Result<ConsoleAccountView>>(new Error(ErrorKind.Conflict, "user-exists", $"A user with the email '{email}' exists already.", [new FieldError("email", "Taken.")]));
        return Task.FromResult<Result<ConsoleAccountView>>(Add(email!, parsed));
    }

    public Task<Result<ConsoleAccountView>> SetRoleAsync(string id, string? role, string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"role {id} {role} by {actor}");
        if (!ConsoleRoles.TryParse(role, out var parsed))
            return Task.FromResult<Result<ConsoleAccountView>>(Error.Validation("invalid-user", "The role is not valid."));
        if (Find(id) is not { } index)
            return Task.FromResult<Result<ConsoleAccountView>>(Error.NotFound("user-not-found", $"No user '{id}'."));
        var account = _accounts[index];
        if (account.Role == ConsoleRole.Admin && parsed != ConsoleRole.Admin && _accounts.Count(a => a.Role == ConsoleRole.Admin) <= 1)
            return Task.FromResult<Result<ConsoleAccountView>>(new Error(ErrorKind.Conflict, "last-admin", "This is the only Admin; make someone else Admin first."));
        _accounts[index] = account with { Role = parsed };
        return Task.FromResult<Result<ConsoleAccountView>>(_accounts[index]);
    }

    public Task<Result<ConsoleAccountView>> SetLockedAsync(string id, bool locked, string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"{(locked ? "lock" : "unlock")} {id} by {actor}");
        if (Find(id) is not { } index)
            return Task.FromResult<Result<ConsoleAccountView>>(Error.NotFound("user-not-found", $"No user '{id}'."));
        var account = _accounts[index];
        if (locked && account.Role == ConsoleRole.Admin && _accounts.Count(a => a.Role == ConsoleRole.Admin && !a.Locked) <= 1)
            return Task.FromResult<Result<ConsoleAccountView>>(new Error(ErrorKind.Conflict, "last-admin", "This is the only Admin who can sign in; make someone else Admin first."));
        _accounts[index] = account with { Locked = locked };
        return Task.FromResult<Result<ConsoleAccountView>>(_accounts[index]);
    }

    public Task<Result<ConsoleAccountView>> ResetPasswordAsync(string id, string? password, string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"password {id} by {actor}");
        if (Find(id) is not { } index)
            return Task.FromResult<Result<ConsoleAccountView>>(Error.NotFound("user-not-found", $"No user '{id}'."));
        if (string.IsNullOrEmpty(password) || password.Length < ConsoleAccountRules.MinimumPasswordLength)
            return Task.FromResult<Result<ConsoleAccountView>>(Error.Validation("invalid-user", "The password is not valid.", [new FieldError("password", "Too short.")]));
        return Task.FromResult<Result<ConsoleAccountView>>(_accounts[index]);
    }

    public Task NoteSignInAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;

    private int? Find(string id)
    {
        var index = _accounts.FindIndex(a => a.Id == id);
        return index < 0 ? null : index;
    }
}
