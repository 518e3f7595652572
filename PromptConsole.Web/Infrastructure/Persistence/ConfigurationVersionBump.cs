using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// Bumps the global configuration version as the last statement of a transaction that saved a configuration
/// change, right before it commits: the counter row is locked only for that moment, writers are serialised on it in
/// commit order, and EF's own transaction handling (and SQLite's write lock timing) stay as they were. The SQL is
/// plain and double-quoted, which PostgreSQL, SQLite and SQL Server (QUOTED_IDENTIFIER is on by default) all accept.
/// </summary>
public sealed class ConfigurationVersionBump : DbTransactionInterceptor
{
    public static readonly ConfigurationVersionBump Instance = new();

    internal const string Sql = "UPDATE \"ConfigurationVersions\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1";

    private ConfigurationVersionBump()
    {
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is PromptConsoleDbContext { ConfigurationVersionBumpPending: true } context)
        {
            using var command = Command(transaction);
            command.ExecuteNonQuery();
            context.ConfigurationVersionBumpPending = false;
        }

        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is PromptConsoleDbContext { ConfigurationVersionBumpPending: true } context)
        {
            await using var command = Command(transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            context.ConfigurationVersionBumpPending = false;
        }

        return result;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is PromptConsoleDbContext context)
            context.ConfigurationVersionBumpPending = false;
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private static DbCommand Command(DbTransaction transaction)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql;
        return command;
    }
}
