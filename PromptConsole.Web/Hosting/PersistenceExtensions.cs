using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Privacy;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Hosting;

public static class PersistenceExtensions
{
    /// <summary>How long the readiness probe waits for the database before reporting it unreachable.</summary>
    public static readonly TimeSpan DatabaseHealthCheckTimeout = TimeSpan.FromSeconds(2);

    private const string DatabaseHealthCheckName = "database";

    /// <summary>Database (provider from configuration), registry, snapshot store, execution recorder and the "database" readiness check.</summary>
    public static IServiceCollection AddPromptConsolePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        // The provider is read when the factory is first built, not here, so configuration added
        // after registration (tests, hosting overrides) still decides it.
        services.AddDbContextFactory<PromptConsoleDbContext, PromptConsoleDbContextFactory>(
            (provider, builder) =>
            {
                var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                DatabaseProviders.Configure(builder, database.ParsedProvider, database.ConnectionString);
            },
            ServiceLifetime.Singleton);

        // Only for the health check, which resolves a context from a scope; application code uses the factory.
        services.TryAddScoped(provider => provider.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContext());
        // Degraded, not Unhealthy, when the database cannot be reached: the instance keeps serving
        // executions from its prompt snapshots and holds their records until the database is back.
        // Every instance shares the database, so failing readiness would take all of them out of the
        // load balancer together and turn a database outage into a full one. The timeout keeps a
        // probe from hanging on a connection attempt to a host that does not answer.
        services.AddHealthChecks().AddDbContextCheck<PromptConsoleDbContext>(DatabaseHealthCheckName, failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == DatabaseHealthCheckName))
                registration.Timeout = DatabaseHealthCheckTimeout;
        });

        services.AddSingleton<IPromptSnapshotStore, PromptSnapshotStore>();
        services.AddSingleton<IPromptRegistry, PromptRegistry>();
        services.AddSingleton<DemoSeeder>();

        services.AddOptions<RecordingOptions>().Bind(configuration.GetSection(RecordingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecordingOptions>, RecordingOptionsValidator>();
        services.AddOptions<PrivacyOptions>()
            .Bind(configuration.GetSection(PrivacyOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton<SubjectPseudonymizer>();
        services.AddSingleton<BatchingExecutionRecorder>();
        services.AddSingleton<IExecutionRecorder>(provider => provider.GetRequiredService<BatchingExecutionRecorder>());
        services.AddHostedService(provider => provider.GetRequiredService<BatchingExecutionRecorder>());
        services.AddHealthChecks().AddCheck<RecorderHealthCheck>("recorder", tags: ["ready"]);
        return services;
    }

    public static Task InitializePromptConsoleDatabaseAsync(this WebApplication app) =>
        app.Services.InitializePromptConsoleDatabaseAsync(app.Lifetime.ApplicationStopping);

    /// <summary>Applies migrations when configured, then seeds demo data into an empty database when configured.</summary>
    public static async Task InitializePromptConsoleDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        // Runs before the host starts, i.e. before ValidateOnStart: reading the value validates it here.
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.MigrateOnStartup)
        {
            var dbFactory = services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.MigrateAsync(cancellationToken);
        }

        if (database.SeedDemoData)
            await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
    }
}
