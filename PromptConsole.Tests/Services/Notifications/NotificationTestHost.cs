using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromptConsole.Tests.Persistence;
using PromptConsole.Tests.Providers;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Hosting;
using PromptConsole.Web.Infrastructure.Templates;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Tests.Services.Notifications;

/// <summary>
/// The notification services as the application registers them, on a fresh SQLite database, with a clock whose timers
/// fire only when the test advances it, and a fixed jitter draw of one half: the backoff's waits are known exactly.
/// </summary>
internal sealed class NotificationTestHost : IAsyncDisposable
{
    public const double Jitter = 0.5;

    private readonly TestDatabase _database;
    private readonly IHost _host;

    private NotificationTestHost(TestDatabase database, IHost host, ManualTimeProvider clock, CollectingLoggerProvider logs)
    {
        _database = database;
        _host = host;
        Clock = clock;
        Logs = logs;
    }

    public ManualTimeProvider Clock { get; }

    public CollectingLoggerProvider Logs { get; }

    public NotificationChannelService Channels => _host.Services.GetRequiredService<NotificationChannelService>();

    public static async Task<NotificationTestHost> StartAsync()
    {
        var database = TestDatabase.Create(TestDatabaseProvider.Sqlite);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(PersistenceTestHost.DefaultSettings(database));
        var logs = new CollectingLoggerProvider();
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var clock = new ManualTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(new JitterSource(() => Jitter));
        builder.Services.AddSingleton<ITemplateRenderer>(new FakeTemplateRenderer());
        builder.Services.AddPromptConsolePersistence(builder.Configuration);
        builder.Services.AddPromptConsoleNotifications(builder.Configuration);
        var host = builder.Build();
        await host.Services.InitializePromptConsoleDatabaseAsync();
        return new NotificationTestHost(database, host, clock, logs);
    }

    /// <summary>
    /// Waits until the delivery sleeps on the clock, checks that it does not wake a tick before <paramref name="wait"/>,
    /// then moves the clock to the end of the wait.
    /// </summary>
    public async Task AdvanceThroughWaitAsync(TimeSpan wait, Task delivery)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Clock.ActiveTimers == 0)
        {
            if (delivery.IsCompleted)
                throw new InvalidOperationException("The delivery ended instead of waiting to retry.");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The delivery never waited on the clock.");
            await Task.Delay(10);
        }

        Clock.Advance(wait - TimeSpan.FromTicks(1));
        Assert.Equal(1, Clock.ActiveTimers);
        Clock.Advance(TimeSpan.FromTicks(1));
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await PersistenceTestHost.DropDatabaseAsync(_database);
        _database.Dispose();
    }
}
