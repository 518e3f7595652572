using PromptConsole.Web.Api;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddPromptConsoleHosting(this WebApplicationBuilder builder)
    {
        // Package assets (_content/MudBlazor/…) are only served automatically in Development;
        // `dotnet run` in any other environment needs them too (a published app has them anyway).
        if (!builder.Environment.IsDevelopment())
            builder.WebHost.UseStaticWebAssets();

        // Every line carries the current span's trace and span ids (scopes), so a log search by the
        // trace id of a response or record finds the request's lines; the request id and prompt key
        // come from the scopes opened by RequestCorrelationMiddleware and PromptExecutor.
        builder.Logging.ClearProviders();
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        // JSON for log collectors everywhere but on a developer's terminal, where one readable line
        // per entry (same scopes, same timestamps) is what gets read.
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }

        return builder;
    }

    public static WebApplication UsePromptConsolePipeline(this WebApplication app)
    {
        // Outermost, so even responses the exception handler rewrites carry the request id and traceparent.
        app.UseMiddleware<RequestCorrelationMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseMiddleware<RequestEncodingGuard>();
        app.UseRateLimiter();
        return app;
    }
}
