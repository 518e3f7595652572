using System.Net;
using System.Net.Http.Headers;

// The least any ASP.NET Core gateway does for a chat completion: Kestrel takes the request, one pooled
// HttpClient sends the same bytes to the model and the answer's bytes are copied back. No routing, templates,
// cache, limits, recording, metrics, traces or logs. Its latency and CPU at a rate are the floor under
// PromptConsole's on the same machine, runtime and settings; the bench measures it beside the gateway.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var upstream = new Uri(builder.Configuration["Upstream"]
    ?? throw new InvalidOperationException("Set Upstream to the model endpoint's root, e.g. http://127.0.0.1:5000/"));

using var client = new HttpClient(new SocketsHttpHandler
{
    UseProxy = false,
    UseCookies = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
})
{
    BaseAddress = upstream,
};

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapPost("/v1/chat/completions", async (HttpContext context) =>
{
    using var content = new StreamContent(context.Request.Body);
    if (context.Request.ContentType is { } contentType)
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
    using var answer = await client.PostAsync("v1/chat/completions", content, context.RequestAborted);
    context.Response.StatusCode = (int)answer.StatusCode;
    context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
    context.Response.ContentLength = answer.Content.Headers.ContentLength;
    await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
});
app.Run();
