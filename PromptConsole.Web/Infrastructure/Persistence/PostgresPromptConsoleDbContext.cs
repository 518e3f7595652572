using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>The production database: PostgreSQL through Npgsql. Owns the migrations under Migrations/Postgres.</summary>
public sealed class PostgresPromptConsoleDbContext(DbContextOptions options) : PromptConsoleDbContext(options)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
