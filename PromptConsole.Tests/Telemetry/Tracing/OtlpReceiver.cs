using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PromptConsole.Tests.Telemetry.Tracing;

public sealed record OtlpRequest(string Method, string Path, string? ContentType, byte[] Body);

/// <summary>
/// A stand-in OTLP/HTTP collector on 127.0.0.1 (a free port): records every request and answers
/// 200 with an empty body, which is a valid (empty) export response. A slow collector records a request only
/// when it answers, after its delay.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<OtlpRequest> _requests = [];
    private readonly TimeSpan _answerDelay;

    private OtlpReceiver(WebApplication app, TimeSpan answerDelay)
    {
        _app = app;
        _answerDelay = answerDelay;
        _app.Run(HandleAsync);
    }

    /// <summary>The collector's base address, without a signal path.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<OtlpRequest> Requests
    {
        get
        {
            lock (_gate)
                return _requests.ToArray();
        }
    }

    public static async Task<OtlpReceiver> StartAsync(TimeSpan answerDelay = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var receiver = new OtlpReceiver(builder.Build(), answerDelay);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri(address.TrimEnd('/'));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (_answerDelay > TimeSpan.Zero)
            await Task.Delay(_answerDelay, context.RequestAborted);
        lock (_gate)
            _requests.Add(new OtlpRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Request.ContentType, body.ToArray()));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }
}
