using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PromptConsole.Tests.TestSupport;

/// <summary>
/// Boots the real application on a fresh database. Settings are applied with UseSetting so they
/// win over appsettings.json; <see cref="WithSetting"/> adds more before the host starts.
/// </summary>
public class PromptConsoleFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    public PromptConsoleFactory(TestDatabaseProvider provider = TestDatabaseProvider.Sqlite, bool seedDemoData = false)
    {
        Database = TestDatabase.Create(provider);
        _settings["PromptConsole:Database:Provider"] = Database.ProviderName;
        _settings["PromptConsole:Database:ConnectionString"] = Database.ConnectionString;
        _settings["PromptConsole:Database:MigrateOnStartup"] = "true";
        _settings["PromptConsole:Database:SeedDemoData"] = seedDemoData ? "true" : "false";
    }

    public TestDatabase Database { get; }

    public PromptConsoleFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            Database.Dispose();
    }
}
