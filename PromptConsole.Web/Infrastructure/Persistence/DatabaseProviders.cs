using Microsoft.EntityFrameworkCore;

namespace PromptConsole.Web.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>
/// The one place that knows which EF provider and which context subclass go with a configured
/// provider; supporting another database means one more case here plus its migrations.
/// </summary>
public static class DatabaseProviders
{
    /// <summary>Matches provider names case-insensitively; numbers are not names and are refused.</summary>
    public static bool TryParse(string? name, out DatabaseProvider provider)
    {
        foreach (var candidate in Enum.GetValues<DatabaseProvider>())
        {
            if (string.Equals(candidate.ToString(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                provider = candidate;
                return true;
            }
        }

        provider = default;
        return false;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => builder.UseSqlite(connectionString),
        DatabaseProvider.Postgres => builder.UseNpgsql(connectionString),
        DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };

    public static PromptConsoleDbContext CreateContext(DatabaseProvider provider, DbContextOptions options) => provider switch
    {
        DatabaseProvider.Sqlite => new SqlitePromptConsoleDbContext(options),
        DatabaseProvider.Postgres => new PostgresPromptConsoleDbContext(options),
        DatabaseProvider.SqlServer => new SqlServerPromptConsoleDbContext(options),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };
}
