using System.Security.Claims;

namespace PromptConsole.Web.Api;

/// <summary>
/// Who a management call is attributed to in the audit trail: the signed-in operator's name, <c>key:&lt;name&gt;</c>
/// for an API key, or <c>master-key</c>. Never anything the caller merely claims in a header.
/// </summary>
public static class ApiActor
{
    public const string Unknown = "anonymous";

    public static string Of(HttpContext context) => context.User.FindFirstValue(ClaimTypes.Name) ?? Unknown;
}
