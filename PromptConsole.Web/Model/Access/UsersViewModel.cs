using PromptConsole.Domain.Access;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Web.Model.Access;

/// <summary>The users page (Admins): the operators, a form to add one, and role, lock and password changes.</summary>
public sealed class UsersViewModel(IConsoleAccounts accounts, IConsoleUser user)
{
    /// <summary>Fields whose messages stand under their inputs, so the error panel does not repeat them.</summary>
    public static readonly string[] PlacedFields = ["email", "password"];

    public IReadOnlyList<ConsoleAccountView> Users { get; private set; } = [];

    public bool Loaded { get; private set; }

    public ErrorView? Error { get; private set; }

    public ErrorView? ActionError { get; private set; }

    public string? ActionStatus { get; private set; }

    public string NewEmail { get; set; } = string.Empty;

    public string NewPassword { get; set; } = string.Empty;

    public ConsoleRole NewRole { get; set; } = ConsoleRole.Viewer;

    public IReadOnlyList<ConsoleRole> Roles { get; } = Enum.GetValues<ConsoleRole>();

    public string SignedInName => user.Name;

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Users = await accounts.ListAsync(cancellationToken);
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The users could not be read: " + exception.Message);
        }

        Loaded = true;
    }

    public async Task CreateAsync()
    {
        var created = await accounts.CreateAsync(NewEmail, NewPassword, ConsoleRoles.NameOf(NewRole), user.Name, CancellationToken.None);
        if (!created.IsSuccess)
        {
            Fail(created.Error!);
            return;
        }

        Succeed($"{created.Value.Email} can sign in as {ConsoleRoles.NameOf(NewRole)}.");
        NewEmail = NewPassword = string.Empty;
        NewRole = ConsoleRole.Viewer;
        await LoadAsync();
    }

    public async Task SetRoleAsync(string id, ConsoleRole role)
    {
        var changed = await accounts.SetRoleAsync(id, ConsoleRoles.NameOf(role), user.Name, CancellationToken.None);
        await AfterAsync(changed.IsSuccess ? null : changed.Error, changed.IsSuccess ? $"{changed.Value.Email} is now {ConsoleRoles.NameOf(role)}." : null);
    }

    public async Task SetLockedAsync(string id, bool locked)
    {
        var changed = await accounts.SetLockedAsync(id, locked, user.Name, CancellationToken.None);
        await AfterAsync(changed.IsSuccess ? null : changed.Error, changed.IsSuccess ? $"{changed.Value.Email} is {(locked ? "locked" : "unlocked")}." : null);
    }

    public async Task ResetPasswordAsync(string id, string password)
    {
        var changed = await accounts.ResetPasswordAsync(id, password, user.Name, CancellationToken.None);
        await AfterAsync(changed.IsSuccess ? null : changed.Error, changed.IsSuccess ? $"{changed.Value.Email} has a new password." : null);
    }

    private async Task AfterAsync(Domain.Common.Error? error, string? status)
    {
        if (error is not null)
        {
            Fail(error);
            return;
        }

        Succeed(status!);
        await LoadAsync();
    }

    private void Fail(Domain.Common.Error error)
    {
        ActionError = ErrorView.From(error);
        ActionStatus = null;
    }

    private void Succeed(string status)
    {
        ActionStatus = status;
        ActionError = null;
    }
}
