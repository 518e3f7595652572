using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Access;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// At start: the three roles exist; an empty user table gets the admin named in configuration
/// (<c>PromptConsole:Auth:InitialAdmin</c>); in Development the labelled local admin gets a fresh random password.
/// There is never a built-in password.
/// </summary>
public sealed partial class AccessBootstrapper(
    IServiceScopeFactory scopes,
    IOptions<AuthOptions> options,
    DevelopmentLocalAdmin localAdmin,
    TimeProvider time,
    ILogger<AccessBootstrapper> logger)
{
    public async Task RunAsync(bool isDevelopment, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in ConsoleRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleAccount>>();
        var initial = options.Value.InitialAdmin;
        if (!string.IsNullOrWhiteSpace(initial.Email) && !string.IsNullOrEmpty(initial.Password) && !users.Users.Any())
        {
            var outcome = await EnsureAdminAsync(users, initial.Email.Trim(), initial.Password, time.GetUtcNow());
            if (outcome.Succeeded)
                LogInitialAdmin(initial.Email);
            else
                LogInitialAdminFailed(initial.Email, string.Join(" ", outcome.Errors.Select(e => e.Description)));
        }

        if (isDevelopment && options.Value.DevelopmentLocalAdmin)
        {
            var password = RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
            var outcome = await EnsureAdminAsync(users, DevelopmentLocalAdmin.Email, password, time.GetUtcNow());
            if (outcome.Succeeded)
            {
                localAdmin.Activate(password);
                LogLocalAdmin(DevelopmentLocalAdmin.Email);
            }
        }
    }

    /// <summary>Creates the admin, or (an existing address) sets its password and makes it Admin: the way back in after a lost password.</summary>
    public static async Task<IdentityResult> EnsureAdminAsync(UserManager<ConsoleAccount> users, string email, string password, DateTimeOffset now)
    {
        var account = await users.FindByEmailAsync(email);
        IdentityResult outcome;
        if (account is null)
        {
            account = new ConsoleAccount { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = now };
            outcome = await users.CreateAsync(account, password);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(account);
            outcome = await users.ResetPasswordAsync(account, token, password);
            if (outcome.Succeeded)
                await users.SetLockoutEndDateAsync(account, null);
        }

        if (!outcome.Succeeded)
            return outcome;
        var current = await users.GetRolesAsync(account);
        if (!current.Contains(ConsoleRoles.Admin))
        {
            await users.RemoveFromRolesAsync(account, current);
            await users.AddToRoleAsync(account, ConsoleRoles.Admin);
        }

        return IdentityResult.Success;
    }

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Created the initial admin {Email} from configuration")]
    private partial void LogInitialAdmin(string email);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Error, Message = "The initial admin {Email} from configuration was not created: {Reasons}")]
    private partial void LogInitialAdminFailed(string email, string reasons);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Development: the local admin {Email} has a new password, shown on the sign-in page")]
    private partial void LogLocalAdmin(string email);
}
