using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>Section <c>PromptConsole:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "PromptConsole:Database";

    /// <summary><c>Sqlite</c> (embedded default), <c>Postgres</c> or <c>SqlServer</c>, case-insensitive.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    public string ConnectionString { get; set; } = string.Empty;

    public bool MigrateOnStartup { get; set; } = true;

    public bool SeedDemoData { get; set; }

    public DatabaseProvider ParsedProvider =>
        DatabaseProviders.TryParse(Provider, out var provider)
            ? provider
            : throw new InvalidOperationException($"Unknown database provider '{Provider}'.");
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (!DatabaseProviders.TryParse(options.Provider, out _))
        {
            failures.Add(
                $"{DatabaseOptions.SectionName}:Provider is '{options.Provider}'; expected one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            failures.Add($"{DatabaseOptions.SectionName}:ConnectionString is empty; set it to e.g. 'Data Source=promptconsole.db' (Sqlite), 'Host=…;Username=…;Database=…' (Postgres) or 'Server=…;Database=…;User Id=…;Password=…;Encrypt=True' (SqlServer).");

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
