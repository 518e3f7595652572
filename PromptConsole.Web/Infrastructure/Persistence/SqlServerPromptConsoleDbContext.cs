using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>Microsoft SQL Server. Owns the migrations under Migrations/SqlServer.</summary>
public sealed class SqlServerPromptConsoleDbContext(DbContextOptions options) : PromptConsoleDbContext(options)
{
    /// <summary>
    /// Binary (ordinal, case-sensitive) comparison for every text column. SQL Server's usual default
    /// collation ignores case, which would make unique keys such as a rollup's model name or a label
    /// refuse values that SQLite and PostgreSQL keep apart, and make key lookups match other spellings.
    /// </summary>
    public const string TextCollation = "Latin1_General_100_BIN2";

    /// <summary>Cannot insert duplicate key row in an object with a unique index.</summary>
    private const int DuplicateKeyInUniqueIndex = 2601;

    /// <summary>Violation of a PRIMARY KEY or UNIQUE constraint.</summary>
    private const int DuplicateKeyInConstraint = 2627;

    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqlException { Number: DuplicateKeyInUniqueIndex or DuplicateKeyInConstraint };

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<string>().UseCollation(TextCollation);
    }
}
