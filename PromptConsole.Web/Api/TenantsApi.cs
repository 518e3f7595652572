using PromptConsole.Web.Services.Limits;

namespace PromptConsole.Web.Api;

/// <summary>
/// The tenants management API: each tenant's requests per second, tokens per minute and monthly budget (shared by
/// all its API keys), with what it used this month.
/// </summary>
public static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tenants").WithTags("Tenants");
        api.MapGet("", ListAsync).Produces<IReadOnlyList<TenantView>>();
        api.MapGet("/{name}", GetAsync).Produces<TenantView>().ProducesProblem(400).ProducesProblem(404);
        api.MapPut("/{name}", PutAsync).Accepts<TenantBody>("application/json")
            .Produces<TenantView>().Produces<TenantView>(201).ProducesProblem(400).ProducesProblem(409);
        api.MapDelete("/{name}", DeleteAsync).Produces(204).ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> ListAsync(TenantService service, CancellationToken ct)
    {
        var tenants = await service.ListAsync(ct);
        return TypedResults.Json<IReadOnlyList<TenantView>>([.. tenants.Select(TenantView.From)], TenantsJsonContext.Default.IReadOnlyListTenantView);
    }

    private static async Task<IResult> GetAsync(string name, HttpContext http, TenantService service, CancellationToken ct) =>
        (await service.GetAsync(name, ct)).ToResult(t => TypedResults.Json(TenantView.From(t), TenantsJsonContext.Default.TenantView), http);

    private static async Task<IResult> PutAsync(string name, HttpContext http, TenantService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, TenantsJsonContext.Default.TenantBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var result = await service.PutAsync(name, body.Value.ToLimits(), ApiActor.Of(http), ct);
        return result.ToResult(
            r => TypedResults.Json(TenantView.From(r.Tenant), TenantsJsonContext.Default.TenantView, statusCode: r.Created ? 201 : 200),
            http);
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext http, TenantService service, CancellationToken ct) =>
        (await service.DeleteAsync(name, ApiActor.Of(http), ct)).ToResult(_ => TypedResults.NoContent(), http);
}
