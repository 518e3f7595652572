using System.Security.Claims;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Web.Api;

/// <summary>
/// API keys and operators, for Admins (<c>/api/v1/keys</c>, <c>/api/v1/users</c>), and <c>GET /api/v1/me</c> for
/// any caller to see who the API takes it for. A key's secret is in the 201 of its creation and nowhere else.
/// </summary>
public static class AccessApi
{
    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/keys").WithTags("Access").RequireRole(ConsoleRole.Admin);
        keys.MapGet("", ListKeysAsync).Produces<IReadOnlyList<ApiKeyView>>();
        keys.MapPost("", CreateKeyAsync).Accepts<ApiKeyBody>("application/json").Produces<CreatedApiKeyResponse>(201).ProducesProblem(400);
        keys.MapDelete("/{id:guid}", RevokeKeyAsync).Produces<ApiKeyView>().ProducesProblem(404);

        var users = app.MapGroup("/api/v1/users").WithTags("Access").RequireRole(ConsoleRole.Admin);
        users.MapGet("", ListUsersAsync).Produces<IReadOnlyList<ConsoleAccountView>>();
        users.MapPost("", CreateUserAsync).Accepts<UserBody>("application/json").Produces<ConsoleAccountView>(201).ProducesProblem(400).ProducesProblem(409);
        users.MapPut("/{id}/role", SetRoleAsync).Accepts<UserRoleBody>("application/json").Produces<ConsoleAccountView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        users.MapPut("/{id}/password", ResetPasswordAsync).Accepts<UserPasswordBody>("application/json").Produces<ConsoleAccountView>().ProducesProblem(400).ProducesProblem(404);
        users.MapPost("/{id}/lock", (string id, HttpContext http, IConsoleAccounts accounts, CancellationToken ct) => SetLockedAsync(id, true, http, accounts, ct))
            .Produces<ConsoleAccountView>().ProducesProblem(404).ProducesProblem(409);
        users.MapPost("/{id}/unlock", (string id, HttpContext http, IConsoleAccounts accounts, CancellationToken ct) => SetLockedAsync(id, false, http, accounts, ct))
            .Produces<ConsoleAccountView>().ProducesProblem(404);

        app.MapGet("/api/v1/me", Me).WithTags("Access").RequireSignedIn().Produces<CallerView>();
        return app;
    }

    private static async Task<IResult> ListKeysAsync(IApiKeyService keys, CancellationToken ct) =>
        TypedResults.Json(await keys.ListAsync(ct), AccessJsonContext.Default.IReadOnlyListApiKeyView);

    private static async Task<IResult> CreateKeyAsync(HttpContext http, IApiKeyService keys, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, AccessJsonContext.Default.ApiKeyBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        return (await keys.CreateAsync(body.Value.ToDraft(), ApiActor.Of(http), ct)).ToResult(
            created =>
            {
                http.Response.Headers.Location = $"/api/v1/keys/{created.Key.Id}";
                return TypedResults.Json(new CreatedApiKeyResponse(created.Key, created.Secret), AccessJsonContext.Default.CreatedApiKeyResponse, statusCode: StatusCodes.Status201Created);
            },
            http);
    }

    private static async Task<IResult> RevokeKeyAsync(Guid id, HttpContext http, IApiKeyService keys, CancellationToken ct) =>
        (await keys.RevokeAsync(id, ApiActor.Of(http), ct)).ToResult(key => TypedResults.Json(key, AccessJsonContext.Default.ApiKeyView), http);

    private static async Task<IResult> ListUsersAsync(IConsoleAccounts accounts, CancellationToken ct) =>
        TypedResults.Json(await accounts.ListAsync(ct), AccessJsonContext.Default.IReadOnlyListConsoleAccountView);

    private static async Task<IResult> CreateUserAsync(HttpContext http, IConsoleAccounts accounts, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, AccessJsonContext.Default.UserBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        return (await accounts.CreateAsync(body.Value.Email, body.Value.Password, body.Value.Role, ApiActor.Of(http), ct)).ToResult(
            user =>
            {
                http.Response.Headers.Location = $"/api/v1/users/{user.Id}";
                return TypedResults.Json(user, AccessJsonContext.Default.ConsoleAccountView, statusCode: StatusCodes.Status201Created);
            },
            http);
    }

    private static async Task<IResult> SetRoleAsync(string id, HttpContext http, IConsoleAccounts accounts, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, AccessJsonContext.Default.UserRoleBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        return (await accounts.SetRoleAsync(id, body.Value.Role, ApiActor.Of(http), ct)).ToResult(User, http);
    }

    private static async Task<IResult> ResetPasswordAsync(string id, HttpContext http, IConsoleAccounts accounts, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, AccessJsonContext.Default.UserPasswordBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        return (await accounts.ResetPasswordAsync(id, body.Value.Password, ApiActor.Of(http), ct)).ToResult(User, http);
    }

    private static async Task<IResult> SetLockedAsync(string id, bool locked, HttpContext http, IConsoleAccounts accounts, CancellationToken ct) =>
        (await accounts.SetLockedAsync(id, locked, ApiActor.Of(http), ct)).ToResult(User, http);

    private static IResult Me(HttpContext http)
    {
        var user = http.User;
        return TypedResults.Json(
            new CallerView(
                ApiActor.Of(http),
                AccessProblems.RoleOf(user),
                user.FindAll(AccessClaims.Scope).Select(c => c.Value).ToArray(),
                user.FindFirstValue(AccessClaims.Tenant),
                user.FindFirstValue(AccessClaims.KeyId)),
            AccessJsonContext.Default.CallerView);
    }

    private static IResult User(ConsoleAccountView user) => TypedResults.Json(user, AccessJsonContext.Default.ConsoleAccountView);
}
