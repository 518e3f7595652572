using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PromptConsole.Bench;

/// <summary>The runner's own small servers (stub model, OTLP receiver): bare Kestrel on a free loopback port.</summary>
internal static class LoopbackKestrel
{
    /// <summary>Starts <paramref name="handler"/> on 127.0.0.1 and returns the app and its base address.</summary>
    public static async Task<(WebApplication App, Uri BaseUri)> StartAsync(RequestDelegate handler, CancellationToken cancellationToken, long? maxRequestBodySize = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (maxRequestBodySize is { } limit)
                kestrel.Limits.MaxRequestBodySize = limit;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken);

        // Port 0 was bound to a free port: Kestrel reports which one.
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(bound.TrimEnd('/') + "/"));
    }

    /// <summary>Stops (waiting at most 5 s for requests in flight) and disposes.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        using (var stopLimit = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(stopLimit.Token);
        }

        await app.DisposeAsync();
    }
}
