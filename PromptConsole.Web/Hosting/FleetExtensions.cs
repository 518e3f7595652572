using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Hosting;

public static class FleetExtensions
{
    /// <summary>
    /// Several instances on one database: the configuration change bus (Redis pub/sub when
    /// <c>PromptConsole:Redis:Configuration</c> is set), the database version check that backs it up on server
    /// databases, the "redis" readiness warning, and the leader election the background controllers consult.
    /// With the embedded defaults (SQLite, no Redis) nothing here talks to anything and this instance leads.
    /// </summary>
    public static IServiceCollection AddPromptConsoleFleet(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FleetOptions>().Bind(configuration.GetSection(FleetOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>();
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section));

        services.AddSingleton<ConfigurationChangeBus>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisConfigurationChangeTransport>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisConfigurationChangeTransport>());
        services.AddSingleton<ConfigurationVersionPoller>();
        services.AddHostedService(provider => provider.GetRequiredService<ConfigurationVersionPoller>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);

        services.AddSingleton<LeaderElection>();
        services.AddSingleton<ILeadership>(provider => provider.GetRequiredService<LeaderElection>());
        services.AddHostedService(provider => provider.GetRequiredService<LeaderElection>());
        return services;
    }
}
