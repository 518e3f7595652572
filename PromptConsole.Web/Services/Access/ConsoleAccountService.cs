using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Access;

/// <summary>
/// Operators through ASP.NET Core Identity's <see cref="UserManager{TUser}"/>, one scope per operation (the manager
/// and its store are scoped; the console's circuits and the API are not). Each operator has exactly one role.
/// </summary>
public sealed class ConsoleAccountService(IServiceScopeFactory scopes, IDbContextFactory<PromptConsoleDbContext> databases, TimeProvider time) : IConsoleAccounts
{
    public async Task<IReadOnlyList<ConsoleAccountView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = await (from membership in db.UserRoles
                           join role in db.Roles on membership.RoleId equals role.Id
                           select new { membership.UserId, role.Name }).ToListAsync(cancellationToken);
        var logins = await db.UserLogins.AsNoTracking().Select(l => new { l.UserId, l.ProviderDisplayName, l.LoginProvider }).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return accounts.Select(a => View(
                a,
                ConsoleRoles.Highest(roles.Where(r => r.UserId == a.Id).Select(r => r.Name ?? string.Empty)),
                logins.Where(l => l.UserId == a.Id).Select(l => l.ProviderDisplayName ?? l.LoginProvider).ToArray(),
                now))
            .ToArray();
    }

    public async Task<Result<ConsoleAccountView>> CreateAsync(string? email, string? password, string? role, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal) || email.Length > 256)
            errors.Add(new FieldError("email", "An email address is required (it is the sign-in name)."));
        if (string.IsNullOrEmpty(password) || password.Length < ConsoleAccountRules.MinimumPasswordLength)
            errors.Add(new FieldError("password", $"A password of at least {ConsoleAccountRules.MinimumPasswordLength} characters is required."));
        if (!ConsoleRoles.TryParse(role, out var parsedRole))
            errors.Add(new FieldError("role", $"Choose a role: {string.Join(", ", ConsoleRoles.All)}."));
        if (errors.Count > 0)
            return Error.Validation("invalid-user", "The user is not valid.", errors);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleAccount>>();
        if (await users.FindByEmailAsync(email!) is not null)
            return new Error(ErrorKind.Conflict, "user-exists", $"A user with the email '{email}' exists already.", [new FieldError("email", "Taken.")]);

        var now = time.GetUtcNow();
        var account = new ConsoleAccount { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = now };
        var created = await users.CreateAsync(account, password!);
        if (!created.Succeeded)
            return IdentityFailure(created);
        await users.AddToRoleAsync(account, ConsoleRoles.NameOf(parsedRole));
        await AuditAsync(actor, AuditActions.UserCreated, account, $"user '{email}' added as {ConsoleRoles.NameOf(parsedRole)}", cancellationToken);
        return View(account, parsedRole, [], now);
    }

    public async Task<Result<ConsoleAccountView>> SetRoleAsync(string id, string? role, string actor, CancellationToken cancellationToken)
    {
        if (!ConsoleRoles.TryParse(role, out var parsedRole))
            return Error.Validation("invalid-user", "The role is not valid.", [new FieldError("role", $"Choose a role: {string.Join(", ", ConsoleRoles.All)}.")]);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleAccount>>();
        if (await users.FindByIdAsync(id) is not { } account)
            return NotFound(id);
        var current = ConsoleRoles.Highest(await users.GetRolesAsync(account));
        if (current == ConsoleRole.Admin && parsedRole != ConsoleRole.Admin && (await users.GetUsersInRoleAsync(ConsoleRoles.Admin)).Count <= 1)
            return new Error(ErrorKind.Conflict, "last-admin", "This is the only Admin; make someone else Admin first.");
        var existing = await users.GetRolesAsync(account);
        await users.RemoveFromRolesAsync(account, existing);
        await users.AddToRoleAsync(account, ConsoleRoles.NameOf(parsedRole));

        // A new stamp: open consoles of this operator re-check within a minute and pick up the new role.
        await users.UpdateSecurityStampAsync(account);
        await AuditAsync(actor, AuditActions.UserRoleChanged, account, $"user '{account.Email}': {(current is null ? "no role" : ConsoleRoles.NameOf(current.Value))} → {ConsoleRoles.NameOf(parsedRole)}", cancellationToken);
        return await ViewAsync(users, account);
    }

    public async Task<Result<ConsoleAccountView>> SetLockedAsync(string id, bool locked, string actor, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleAccount>>();
        if (await users.FindByIdAsync(id) is not { } account)
            return NotFound(id);
        if (locked && ConsoleRoles.Highest(await users.GetRolesAsync(account)) == ConsoleRole.Admin
            && (await users.GetUsersInRoleAsync(ConsoleRoles.Admin)).Count(a => !IsLocked(a, time.GetUtcNow())) <= 1)
        {
            return new Error(ErrorKind.Conflict, "last-admin", "This is the only Admin who can sign in; make someone else Admin first.");
        }

        await users.SetLockoutEnabledAsync(account, true);
        await users.SetLockoutEndDateAsync(account, locked ? DateTimeOffset.MaxValue : null);
        await users.UpdateSecurityStampAsync(account);
        await AuditAsync(actor, locked ? AuditActions.UserLocked : AuditActions.UserUnlocked, account, $"user '{account.Email}' {(locked ? "locked" : "unlocked")}", cancellationToken);
        return await ViewAsync(users, account);
    }

    public async Task<Result<ConsoleAccountView>> ResetPasswordAsync(string id, string? password, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password) || password.Length < ConsoleAccountRules.MinimumPasswordLength)
            return Error.Validation("invalid-user", "The password is not valid.", [new FieldError("password", $"A password of at least {ConsoleAccountRules.MinimumPasswordLength} characters is required.")]);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleAccount>>();
        if (await users.FindByIdAsync(id) is not { } account)
            return NotFound(id);
        var token = await users.GeneratePasswordResetTokenAsync(account);
        var reset = await users.ResetPasswordAsync(account, token, password);
        if (!reset.Succeeded)
            return IdentityFailure(reset);
        await AuditAsync(actor, AuditActions.UserPasswordReset, account, $"user '{account.Email}': password reset", cancellationToken);
        return await ViewAsync(users, account);
    }

    public async Task NoteSignInAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(set => set.SetProperty(u => u.LastSignInAt, now), cancellationToken);
    }

    private async Task<ConsoleAccountView> ViewAsync(UserManager<ConsoleAccount> users, ConsoleAccount account)
    {
        var logins = await users.GetLoginsAsync(account);
        return View(account, ConsoleRoles.Highest(await users.GetRolesAsync(account)), logins.Select(l => l.ProviderDisplayName ?? l.LoginProvider).ToArray(), time.GetUtcNow());
    }

    private async Task AuditAsync(string actor, string action, ConsoleAccount account, string summary, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(new AuditEvent(time.GetUtcNow(), actor, action, null, "user:" + account.Email, summary, null));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static ConsoleAccountView View(ConsoleAccount account, ConsoleRole? role, IReadOnlyList<string> providers, DateTimeOffset now) =>
        new(account.Id, account.Email ?? account.UserName ?? account.Id, role, account.CreatedAt, account.LastSignInAt, IsLocked(account, now), providers);

    private static bool IsLocked(ConsoleAccount account, DateTimeOffset now) => account.LockoutEnd is { } end && end > now;

    private static Error NotFound(string id) => new(ErrorKind.NotFound, "user-not-found", $"There is no user '{id}'.");

    private static Error IdentityFailure(IdentityResult result) =>
        Error.Validation(
            "invalid-user",
            "The user is not valid.",
            result.Errors.Select(e => new FieldError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : "user", e.Description)).ToArray());
}
