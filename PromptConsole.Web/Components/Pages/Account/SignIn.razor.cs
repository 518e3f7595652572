using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model.Access;

namespace PromptConsole.Web.Components.Pages.Account;

public partial class SignIn
{
    [Inject] private SignInViewModel Model { get; set; } = default!;

    [SupplyParameterFromQuery] private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery] private string? Error { get; set; }

    [SupplyParameterFromQuery] private string? Email { get; set; }

    protected override void OnParametersSet() => Model.Load(ReturnUrl, Error, Email);
}
