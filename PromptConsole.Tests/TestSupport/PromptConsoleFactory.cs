using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace PromptConsole.Tests.TestSupport;

/// <summary>
/// Boots the real application on a fresh database. Settings are applied with UseSetting so they
/// win over appsettings.json; <see cref="WithSetting"/> adds more before the host starts.
/// </summary>
public class PromptConsoleFactory : WebApplicationFactory<Program>
{
    /// <summary>The master key every instance accepts; <see cref="CreateClient"/>'s clients send it unless told otherwise.</summary>
    public const string MasterKey = "test-master-key-for-the-suite-only";

    /// <summary>The first admin every test database gets (configuration on an empty user table, as in production).</summary>
    public const string AdminEmail = "admin@promptconsole.test";

    public const string AdminPassword = "admin-password-for-tests";

    private bool _clientsSendMasterKey = true;

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    private readonly bool _ownsDatabase;

    private readonly List<Action<IServiceCollection>> _serviceOverrides = [];

    public PromptConsoleFactory(TestDatabaseProvider provider = TestDatabaseProvider.Sqlite, bool seedDemoData = false)
        : this(TestDatabase.Create(provider), seedDemoData, ownsDatabase: true)
    {
    }

    /// <summary>Boots on an existing database, e.g. to look at what a previous instance wrote before it shut down.</summary>
    public PromptConsoleFactory(TestDatabase database, bool seedDemoData = false)
        : this(database, seedDemoData, ownsDatabase: false)
    {
    }

    private PromptConsoleFactory(TestDatabase database, bool seedDemoData, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        _settings["PromptConsole:Database:Provider"] = Database.ProviderName;
        _settings["PromptConsole:Database:ConnectionString"] = Database.ConnectionString;
        _settings["PromptConsole:Database:MigrateOnStartup"] = "true";
        _settings["PromptConsole:Database:SeedDemoData"] = seedDemoData ? "true" : "false";

        // Instant, error-free simulator by default; tests that want failures add their own models.
        _settings["PromptConsole:Providers:simulator:LatencyMedianMs"] = "0";
        _settings["PromptConsole:Providers:simulator:LatencyP95Ms"] = "0";
        _settings["PromptConsole:Providers:simulator:ErrorRate"] = "0";
        _settings["PromptConsole:Resilience:RetryBaseDelayMs"] = "1";

        _settings["PromptConsole:Auth:MasterKey"] = MasterKey;
        _settings["PromptConsole:Auth:InitialAdmin:Email"] = AdminEmail;
        _settings["PromptConsole:Auth:InitialAdmin:Password"] = AdminPassword;
    }

    public TestDatabase Database { get; }

    public PromptConsoleFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Clients made after this call send no credential (anonymous callers, or tests that set their own).</summary>
    public PromptConsoleFactory WithAnonymousClients()
    {
        _clientsSendMasterKey = false;
        return this;
    }

    /// <summary>A client that sends no credential, whatever the factory's default.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client that calls with <paramref name="key"/> as its bearer token.</summary>
    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (_clientsSendMasterKey)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MasterKey);
    }

    /// <summary>Replaces services after the application registered its own (fakes, a test clock); call before the host starts.</summary>
    public PromptConsoleFactory WithServices(Action<IServiceCollection> overrides)
    {
        _serviceOverrides.Add(overrides);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            foreach (var overrides in _serviceOverrides)
                overrides(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
            Database.Dispose();
    }
}
