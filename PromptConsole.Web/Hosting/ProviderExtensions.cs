using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Hosting;

public static class ProviderExtensions
{
    /// <summary>
    /// Model providers from <c>PromptConsole:Providers</c>, <c>:Models</c> and <c>:Resilience</c>: validated
    /// when the host starts, then the catalog, one chat client per enabled provider, and the invoker.
    /// </summary>
    public static IServiceCollection AddPromptConsoleProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<ModelProvidersOptions>()
            .Bind(configuration.GetSection(ModelProvidersOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelProvidersOptions>, ModelProvidersOptionsValidator>());

        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<IModelCatalog>(sp => sp.GetRequiredService<ModelCatalog>());
        // One long-lived client for all OpenAI-compatible providers: the SDK holds it for the process's
        // lifetime, so its handler is never rotated (PooledConnectionLifetime picks up DNS changes instead).
        // The factory's per-request log lines are dropped: every call is already a span and a metric.
        services.AddHttpClient(ProviderChatClients.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(ProviderChatClients.CreatePrimaryHandler)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.AddSingleton(sp => ProviderChatClients.Create(
            sp.GetRequiredService<IOptions<ModelProvidersOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderChatClients.HttpClientName)));
        services.AddSingleton(sp => new ResilientModelInvoker(
            sp.GetRequiredService<ModelCatalog>(),
            sp.GetRequiredService<ProviderChatClients>(),
            sp.GetRequiredService<IOptions<ModelProvidersOptions>>().Value.Resilience,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<PromptConsoleTracing>()));
        services.AddSingleton<IModelInvoker>(sp => sp.GetRequiredService<ResilientModelInvoker>());
        return services;
    }
}
