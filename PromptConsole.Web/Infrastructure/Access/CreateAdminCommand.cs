using Microsoft.AspNetCore.Identity;
using PromptConsole.Domain.Access;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// <c>dotnet run --project PromptConsole.Web -- create-admin --email you@example.com [--password …]</c>: the first
/// admin of a new installation, or the way back in after a lost password. Without <c>--password</c> the password is
/// read from <c>PROMPTCONSOLE_ADMIN_PASSWORD</c> or standard input (so it stays out of the shell history).
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var email = Option(args, "--email");
        var password = Option(args, "--password") ?? Environment.GetEnvironmentVariable("PROMPTCONSOLE_ADMIN_PASSWORD");
        if (string.IsNullOrWhiteSpace(email))
        {
            await error.WriteLineAsync($"Usage: {Name} --email <address> [--password <password>] (or PROMPTCONSOLE_ADMIN_PASSWORD, or the password on standard input)");
            return 2;
        }

        if (string.IsNullOrEmpty(password))
        {
            await output.WriteAsync("Password: ");
            password = (await input.ReadLineAsync())?.Trim();
        }

        if (string.IsNullOrEmpty(password) || password.Length < ConsoleAccountRules.MinimumPasswordLength)
        {
            await error.WriteLineAsync($"The password must have at least {ConsoleAccountRules.MinimumPasswordLength} characters.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in ConsoleRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleAccount>>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var outcome = await AccessBootstrapper.EnsureAdminAsync(users, email.Trim(), password, now);
        if (!outcome.Succeeded)
        {
            await error.WriteLineAsync("Not created: " + string.Join(" ", outcome.Errors.Select(e => e.Description)));
            return 1;
        }

        await output.WriteLineAsync($"{email.Trim()} is an Admin and can sign in.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        for (var i = 1; i < args.Length - 1; i++)
        {
            if (string.Equals(args[i], name, StringComparison.Ordinal))
                return args[i + 1];
        }

        return null;
    }
}
