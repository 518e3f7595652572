using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Access;
using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Api;

/// <summary>
/// Notification channels: CRUD, the "send test" button and a channel's recent delivery attempts. Secrets go in, never
/// out. The test answers 200 whatever the receiver did: the request (try this channel) succeeded, and
/// <c>delivered</c>, <c>reason</c> and the attempts are its result; a 502 would mix up "PromptConsole failed" with
/// "your receiver said no" and make clients dig the attempts out of a problem document.
/// </summary>
public static class ChannelsApi
{
    public const int DefaultAttemptsTake = 50;

    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/channels").WithTags("Channels");

        api.MapGet("", ListAsync).Produces<IReadOnlyList<ChannelView>>();
        api.MapPost("", CreateAsync).RequireRole(ConsoleRole.Admin).Accepts<ChannelBody>("application/json")
            .Produces<ChannelView>(201).ProducesProblem(400).ProducesProblem(409);
        api.MapGet("/{id:guid}", GetAsync).Produces<ChannelView>().ProducesProblem(404);
        api.MapPut("/{id:guid}", UpdateAsync).RequireRole(ConsoleRole.Admin).Accepts<ChannelBody>("application/json")
            .Produces<ChannelView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/{id:guid}", DeleteAsync).RequireRole(ConsoleRole.Admin).Produces(204).ProducesProblem(404);
        api.MapPost("/{id:guid}/test", TestAsync).RequireRole(ConsoleRole.Admin).Produces<DeliveryOutcome>().ProducesProblem(404);
        api.MapGet("/{id:guid}/attempts", AttemptsAsync).Produces<IReadOnlyList<NotificationAttemptView>>().ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> ListAsync(INotificationChannels channels, CancellationToken ct) =>
        TypedResults.Json(await channels.ListAsync(ct), ChannelsJsonContext.Default.IReadOnlyListChannelView);

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, INotificationChannels channels, CancellationToken ct) =>
        (await channels.GetAsync(id, ct)).ToResult(View, http);

    private static async Task<IResult> CreateAsync(HttpContext http, INotificationChannels channels, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ChannelsJsonContext.Default.ChannelBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await channels.CreateAsync(body.Value.ToCommand(), ApiActor.Of(http), ct);
        return result.ToResult(
            channel =>
            {
                http.Response.Headers.Location = $"/api/v1/channels/{channel.Id}";
                return TypedResults.Json(channel, ChannelsJsonContext.Default.ChannelView, statusCode: StatusCodes.Status201Created);
            },
            http);
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext http, INotificationChannels channels, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ChannelsJsonContext.Default.ChannelBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        return (await channels.UpdateAsync(id, body.Value.ToCommand(), ApiActor.Of(http), ct)).ToResult(View, http);
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, INotificationChannels channels, CancellationToken ct) =>
        (await channels.DeleteAsync(id, ApiActor.Of(http), ct)).ToResult(_ => TypedResults.NoContent(), http);

    private static async Task<IResult> TestAsync(Guid id, HttpContext http, INotificationChannels channels, CancellationToken ct) =>
        (await channels.SendTestAsync(id, ApiActor.Of(http), ct))
            .ToResult(outcome => TypedResults.Json(outcome, ChannelsJsonContext.Default.DeliveryOutcome), http);

    private static async Task<IResult> AttemptsAsync(Guid id, HttpContext http, INotificationAttemptLog attempts, CancellationToken ct)
    {
        var take = TakeOf(http.Request.Query["take"].ToString());
        if (!take.IsSuccess)
            return take.Error!.ToResult(http);
        return (await attempts.ListForChannelAsync(id, take.Value, ct))
            .ToResult(list => TypedResults.Json(list, ChannelsJsonContext.Default.IReadOnlyListNotificationAttemptView), http);
    }

    /// <summary><c>take</c> is read here rather than bound, so "abc" or 0 is a problem naming the parameter, not a bare 400.</summary>
    internal static Result<int> TakeOf(string text)
    {
        if (text.Length == 0)
            return DefaultAttemptsTake;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var take) || take is < 1 or > NotificationChannelService.MaxAttemptsPage)
        {
            return Error.Validation("invalid-take", "The take parameter is not valid.",
                [new FieldError("take", $"A whole number of attempts, 1–{NotificationChannelService.MaxAttemptsPage}.")]);
        }

        return take;
    }

    private static IResult View(ChannelView channel) => TypedResults.Json(channel, ChannelsJsonContext.Default.ChannelView);
}
