using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Api;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// Applications and automation: <c>Authorization: Bearer &lt;key&gt;</c> (what OpenAI clients send) or <c>X-Api-Key</c>.
/// The master key from configuration is accepted with every scope as an Admin; any other value must be a
/// stored, unrevoked, unexpired key. Refusals are problems (401 with <c>WWW-Authenticate</c>, 403), in the
/// OpenAI error shape on the OpenAI-compatible paths so their clients read them.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyDirectory directory,
    IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string MasterKeyActor = "master-key";

    private static readonly ClaimsPrincipal MasterPrincipal = BuildMasterPrincipal();

    /// <summary>True when the request carries a credential this scheme reads (the policy scheme routes on it).</summary>
    public static bool HasCredential(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Headers.ContainsKey(ApiKeyHeader);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
            return AuthenticateResult.NoResult();

        if (auth.Value.MasterKey is { Length: > 0 } master && SecretComparison.FixedTimeEquals(presented, master))
            return Success(MasterPrincipal);

        var token = ApiKeyToken.TryParse(presented);
        if (token is null)
            return AuthenticateResult.Fail("The credential is not an API key of this installation.");
        var principal = await directory.AuthenticateAsync(token, SchemeName, Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("The API key is unknown, revoked or expired.")
            : Success(principal);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync(AccessProblems.Unauthenticated((await HandleAuthenticateOnceSafeAsync()).Failure));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(AccessProblems.Forbidden(Context));

    private Task WriteAsync(Error error) => AccessProblems.WriteAsync(Context, error);

    private AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        var header = request.Headers[ApiKeyHeader].ToString().Trim();
        return header.Length > 0 ? header : authorization.Length > 0 ? authorization.Trim() : null;
    }

    private static ClaimsPrincipal BuildMasterPrincipal()
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, MasterKeyActor),
            new(AccessClaims.MasterKey, "true"),
            new(ClaimTypes.Role, ConsoleRoles.Admin),
        };
        claims.AddRange(ApiKeyScopeNames.All.Select(scope => new Claim(AccessClaims.Scope, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }
}
