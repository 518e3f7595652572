using PromptConsole.Web.Api;

namespace PromptConsole.Web.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddPromptConsoleHosting(this WebApplicationBuilder builder)
    {
        // Package assets (_content/…) are only served automatically in Development; `dotnet run`
        // in any other environment needs them too (see README, "Blazor script").
        if (!builder.Environment.IsDevelopment())
            builder.WebHost.UseStaticWebAssets();

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        return builder;
    }

    public static WebApplication UsePromptConsolePipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseRateLimiter();
        return app;
    }
}
