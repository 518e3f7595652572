using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the application; no database is opened.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePromptConsoleDbContext>
{
    public SqlitePromptConsoleDbContext CreateDbContext(string[] args) =>
        new(DatabaseProviders.Configure(new DbContextOptionsBuilder<SqlitePromptConsoleDbContext>(), DatabaseProvider.Sqlite, "Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without starting the application; no server is contacted.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPromptConsoleDbContext>
{
    public PostgresPromptConsoleDbContext CreateDbContext(string[] args) =>
        new(DatabaseProviders.Configure(new DbContextOptionsBuilder<PostgresPromptConsoleDbContext>(), DatabaseProvider.Postgres, "Host=localhost;Database=promptconsole_design").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server model without starting the application; no server is contacted.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPromptConsoleDbContext>
{
    public SqlServerPromptConsoleDbContext CreateDbContext(string[] args) =>
        new(DatabaseProviders.Configure(new DbContextOptionsBuilder<SqlServerPromptConsoleDbContext>(), DatabaseProvider.SqlServer, "Server=localhost;Database=promptconsole_design;Integrated Security=True;TrustServerCertificate=True").Options);
}
