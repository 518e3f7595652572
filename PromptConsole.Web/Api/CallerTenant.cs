using System.Security.Claims;
using PromptConsole.Web.Infrastructure.Access;

namespace PromptConsole.Web.Api;

/// <summary>
/// The tenant an execution is recorded, targeted and billed under: a key bound to a tenant always speaks for that
/// tenant, whatever the body says (a client must not move its costs to someone else); keys without one (and the
/// master key) may name the tenant in the request.
/// </summary>
public static class CallerTenant
{
    public static string? Of(HttpContext http, string? requested) =>
        http.User.FindFirstValue(AccessClaims.Tenant) ?? requested;
}
