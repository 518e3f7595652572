using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

/// <summary>
/// One booted application per test class and database provider. Besides the default instant
/// simulator it knows "sim-broken" (every call fails, transiently) to exercise retries,
/// fallbacks and the 502 path.
/// </summary>
public abstract class ApiAppFixture : IDisposable
{
    protected ApiAppFixture(TestDatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null, Action<PromptConsoleFactory>? configure = null)
    {
        Factory = new PromptConsoleFactory(provider)
            .WithSetting("PromptConsole:Providers:broken:Kind", "Simulator")
            .WithSetting("PromptConsole:Providers:broken:ErrorRate", "1")
            .WithSetting("PromptConsole:Providers:broken:LatencyMedianMs", "0")
            .WithSetting("PromptConsole:Providers:broken:LatencyP95Ms", "0")
            .WithSetting("PromptConsole:Models:sim-broken:Provider", "broken")
            .WithSetting("PromptConsole:Models:sim-broken:InputPer1K", "0.001")
            .WithSetting("PromptConsole:Models:sim-broken:OutputPer1K", "0.002");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            Factory.WithSetting(key, value);
        configure?.Invoke(Factory);
        Client = Factory.CreateClient();
    }

    public PromptConsoleFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteApp() : ApiAppFixture(TestDatabaseProvider.Sqlite);

public sealed class PostgresApp() : ApiAppFixture(TestDatabaseProvider.Postgres);
