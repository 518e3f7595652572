using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Access;

namespace PromptConsole.Web.Components.Pages.Admin;

/// <summary>Operators and their roles (Admins only).</summary>
public partial class Users
{
    [Inject] private UsersViewModel Model { get; set; } = default!;

    [Inject] private IConsoleUser User { get; set; } = default!;

    private IReadOnlyCollection<string> ProtectedLabels => User.ProtectedLabels;

    protected override Task OnInitializedAsync() => Model.LoadAsync();
}
