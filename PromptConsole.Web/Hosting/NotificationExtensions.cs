using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.Http;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Hosting;

public static class NotificationExtensions
{
    /// <summary>Notification channels and their delivery (section <c>PromptConsole:Notifications</c>).</summary>
    public static IServiceCollection AddPromptConsoleNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(JitterSource.Random);

        // Redirects are not followed: a webhook that moved should be reconfigured, not chased (GitHub does the same),
        // and following one would send the signed body somewhere nobody chose. The factory's per-request log lines
        // are dropped because they print the URL, which for Slack holds the token.
        services.AddHttpClient(NotificationSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient((sp, http) =>
            {
                http.Timeout = sp.GetRequiredService<IOptions<NotificationOptions>>().Value.AttemptTimeout;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("PromptConsole-Notifications/1.0");
            })
            .RemoveAllLoggers();
        // The client span would carry the full URL, a Slack token included, to the trace backend.
        services.Configure<HttpClientTraceInstrumentationOptions>(tracing =>
        {
            var previous = tracing.EnrichWithHttpRequestMessage;
            tracing.EnrichWithHttpRequestMessage = (activity, request) =>
            {
                previous?.Invoke(activity, request);
                if (request.Options.TryGetValue(NotificationSender.TracedUrl, out var url))
                    activity.SetTag("url.full", url);
            };
        });
        services.AddSingleton<NotificationSender>();
        services.AddSingleton<NotificationChannelService>();
        services.AddSingleton<INotificationChannels>(sp => sp.GetRequiredService<NotificationChannelService>());
        services.AddSingleton<INotificationAttemptLog>(sp => sp.GetRequiredService<NotificationChannelService>());
        return services;
    }
}
