using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PromptConsole.Tests.TestSupport;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 and a free port (Kestrel), for notification deliveries: it keeps every request
/// (headers and the raw body, as a receiver would verify them) and answers with the scripted statuses in order, then
/// with <see cref="ThenStatus"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private WebhookReceiver(WebApplication app, IEnumerable<int> script, int thenStatus)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(script);
        ThenStatus = thenStatus;
    }

    public int ThenStatus { get; }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Answers errors the way many servers do, echoing the path ("Cannot POST /hooks/…").</summary>
    public bool EchoPath { get; set; }

    /// <summary>Sent as <c>Retry-After</c> (seconds) with a 429 or 503, as Slack does when it throttles.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>The receiving path; any path under the base is answered the same way.</summary>
    public string Url => BaseUrl + "/hooks/T0001/B0002/receiver-token-4f9a";

    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    /// <summary>Answers <paramref name="script"/> in order, then <paramref name="thenStatus"/>.</summary>
    public static async Task<WebhookReceiver> StartAsync(int thenStatus = 200, params int[] script)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, script, thenStatus);
        app.Run(receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, headers, body.ToArray()));
        context.Response.StatusCode = _script.TryDequeue(out var status) ? status : ThenStatus;
        if (RetryAfterSeconds is { } seconds && context.Response.StatusCode is 429 or 503)
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (context.Response.StatusCode >= 400)
            await context.Response.WriteAsync(EchoPath ? $"Cannot POST {context.Request.Path}" : $"receiver says no ({context.Response.StatusCode})");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
