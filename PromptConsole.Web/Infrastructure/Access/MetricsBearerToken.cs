using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Api;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// <c>/metrics</c> with <c>PromptConsole:Auth:MetricsBearerToken</c> set: only <c>Authorization: Bearer &lt;token&gt;</c>
/// (Prometheus' <c>authorization: {credentials: …}</c>) gets the figures; without the setting it stays open like
/// every Prometheus exporter, for a network that is already private.
/// </summary>
public sealed class MetricsBearerToken(IOptions<AuthOptions> options)
{
    /// <summary>True when the request was refused (the 401 problem is written).</summary>
    public async Task<bool> RefusedAsync(HttpContext http)
    {
        if (options.Value.MetricsBearerToken is not { Length: > 0 } expected)
            return false;

        var presented = http.Request.Headers.Authorization.ToString();
        var token = presented.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? presented["Bearer ".Length..].Trim() : string.Empty;
        if (SecretComparison.FixedTimeEquals(token, expected))
            return false;

        http.Response.Headers.WWWAuthenticate = "Bearer";
        await new Error(ErrorKind.Unauthenticated, "unauthenticated", "/metrics needs 'Authorization: Bearer <metrics token>'.").ToResult(http).ExecuteAsync(http);
        return true;
    }
}
