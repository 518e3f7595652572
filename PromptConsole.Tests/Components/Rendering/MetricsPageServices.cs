using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromptConsole.Tests.Persistence;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Rollouts;
using PromptConsole.Tests.Components.Rollouts;
using PromptConsole.Tests.Components.Reliability;
using PromptConsole.Web.Model.Slos;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>
/// The real metrics store for the metrics pages' rendering tests, on a manual clock. Live ranges
/// are read from its per-second memory; its database is unreachable, so a rollup range (1 h and
/// longer) fails the way an unavailable database does.
/// </summary>
internal sealed class MetricsPageServices
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 30, TimeSpan.Zero);

    private MetricsPageServices(ManualClock clock, MetricsStore store, FakeCanaryService canaries)
    {
        Canaries = canaries;
        Clock = clock;
        Store = store;
    }

    public ManualClock Clock { get; }

    public MetricsStore Store { get; }

    /// <summary>The overview's "SLOs at risk" reads these.</summary>
    public FakeSloService Slos { get; private init; } = default!;

    /// <summary>The overview's "Firing alerts" reads these.</summary>
    public FakeAlertService Alerts { get; private init; } = default!;

    /// <summary>The overview's "Releases in progress" reads these.</summary>
    public FakeCanaryService Canaries { get; }

    public static MetricsPageServices AddTo(IServiceCollection services)
    {
        var clock = new ManualClock(Now);
        var store = new MetricsStore(new UnreachableDatabase(), Options.Create(new MetricsStoreOptions { InstanceId = "render-test" }), clock);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IMetricsStore>(store);
        services.AddSingleton<ITenantUsageStore>(store);
        services.AddTransient<TenantUsageViewModel>();
        services.AddScoped<OverviewViewModel>();
        services.AddScoped<PromptMetricsViewModel>();
        var canaries = new FakeCanaryService();
        services.AddSingleton<ICanaryService>(canaries);
        services.AddTransient<CanaryListViewModel>();
        var slos = new FakeSloService();
        var alerts = new FakeAlertService();
        services.AddSingleton<ISloService>(slos);
        services.AddSingleton<IAlertService>(alerts);
        services.AddTransient<ReliabilityOverviewViewModel>();
        return new MetricsPageServices(clock, store, canaries) { Slos = slos, Alerts = alerts };
    }

    private sealed class UnreachableDatabase : IDbContextFactory<PromptConsoleDbContext>
    {
        public PromptConsoleDbContext CreateDbContext() => throw new InvalidOperationException("The metrics database is unreachable.");
    }
}
