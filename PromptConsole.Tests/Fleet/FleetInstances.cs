using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Fleet;

/// <summary>Two application instances on one PostgreSQL database, optionally sharing a Redis; A is started (and migrates) before B.</summary>
public sealed class FleetInstances : IDisposable
{
    private FleetInstances(PromptConsoleFactory a, PromptConsoleFactory b)
    {
        A = a;
        B = b;
    }

    public PromptConsoleFactory A { get; }

    public PromptConsoleFactory B { get; }

    public static FleetInstances Start(string? redis, Action<PromptConsoleFactory>? configure = null)
    {
        // One channel per pair: other tests' instances on the shared Redis must not be heard.
        var channel = $"promptconsole-test:{Guid.NewGuid():N}";
        var a = Configure(new PromptConsoleFactory(TestDatabaseProvider.Postgres), redis, channel, configure);
        _ = a.Services; // starts A, which migrates the new database
        var b = Configure(new PromptConsoleFactory(a.Database), redis, channel, configure);
        _ = b.Services;
        return new FleetInstances(a, b);
    }

    private static PromptConsoleFactory Configure(PromptConsoleFactory factory, string? redis, string channel, Action<PromptConsoleFactory>? configure)
    {
        if (redis is not null)
        {
            factory.WithSetting("PromptConsole:Redis:Configuration", redis)
                .WithSetting("PromptConsole:Redis:InvalidationChannel", channel);
        }

        configure?.Invoke(factory);
        return factory;
    }

    /// <summary>Waits until <paramref name="factory"/>'s snapshot of the prompt has its production label on the version; returns how long that took.</summary>
    public static async Task<TimeSpan> WaitForProductionAsync(PromptConsoleFactory factory, string key, int version, Stopwatch since, TimeSpan timeout)
    {
        var store = factory.Services.GetRequiredService<IPromptSnapshotStore>();
        while (since.Elapsed < timeout)
        {
            var snapshot = await store.GetAsync(key);
            if (snapshot is not null && snapshot.Labels.TryGetValue("production", out var serving) && serving == version)
                return since.Elapsed;
            await Task.Delay(1);
        }

        throw new TimeoutException($"The instance still did not serve {key} v{version} at production after {timeout.TotalSeconds} s.");
    }

    public static async Task<PromptSnapshot?> SnapshotAsync(PromptConsoleFactory factory, string key) =>
        await factory.Services.GetRequiredService<IPromptSnapshotStore>().GetAsync(key);

    /// <summary>Records every change delivered to the instance from elsewhere (Redis messages, the version check).</summary>
    public static List<ConfigurationChange> RecordDeliveries(PromptConsoleFactory factory)
    {
        var delivered = new List<ConfigurationChange>();
        factory.Services.GetRequiredService<ConfigurationChangeBus>().Subscribe(change =>
        {
            lock (delivered)
                delivered.Add(change);
        });
        return delivered;
    }

    public void Dispose()
    {
        B.Dispose();
        A.Dispose();
    }
}
