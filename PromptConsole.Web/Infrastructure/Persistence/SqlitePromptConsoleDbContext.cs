using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>The embedded default: a SQLite file. Owns the migrations under Migrations/Sqlite.</summary>
public sealed class SqlitePromptConsoleDbContext(DbContextOptions options) : PromptConsoleDbContext(options)
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    public override async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await base.MigrateAsync(cancellationToken);

        // Write-ahead logging lets the console read while the recorder writes; the setting is kept in the file.
        await Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: EF's default text form cannot be ordered or compared in SQL,
        // so instants are stored as UTC ticks, which sort and filter correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }
}

/// <summary>An instant as UTC ticks; read back with offset zero (the application works in UTC throughout).</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
