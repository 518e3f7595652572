using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// The operator signed in to this circuit. The circuit's authentication state is set before any component
/// renders, so reading it synchronously never waits; an unfinished state reads as nobody, allowed nothing.
/// </summary>
public sealed class SignedInConsoleUser(AuthenticationStateProvider authentication, IOptions<AuthOptions> options) : IConsoleUser
{
    public const string Nobody = "anonymous";

    public string Name => Principal.Identity?.Name ?? Nobody;

    public ConsoleRole? Role => ConsoleRoles.Highest(Principal.FindAll(ClaimTypes.Role).Select(c => c.Value));

    public IReadOnlyCollection<string> ProtectedLabels => options.Value.ProtectedLabels;

    private ClaimsPrincipal Principal
    {
        get
        {
            var state = authentication.GetAuthenticationStateAsync();
            return state.IsCompletedSuccessfully ? state.Result.User : new ClaimsPrincipal(new ClaimsIdentity());
        }
    }
}
