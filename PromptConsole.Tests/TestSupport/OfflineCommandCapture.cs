using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.TestSupport;

/// <summary>
/// Lets a context run against a database that does not exist: opening the connection is skipped,
/// and every command EF would send is recorded and answered without reaching a server (no rows;
/// a query that is only a count counts one row, so the page query after it runs too). Used to read the exact SQL that
/// goes to SQL Server, which cannot run here.
/// </summary>
public sealed class OfflineCommandCapture : IDbConnectionInterceptor, IDbCommandInterceptor
{
    private const int MaxSelectedColumns = 100;

    private readonly List<CapturedCommand> _commands = [];
    private readonly Func<DbCommand, int> _rowsAffected;

    /// <param name="rowsAffected">What a non-query reports, e.g. every row of an insert as new.</param>
    public OfflineCommandCapture(Func<DbCommand, int>? rowsAffected = null) => _rowsAffected = rowsAffected ?? (_ => 0);

    public IReadOnlyList<CapturedCommand> Commands
    {
        get
        {
            lock (_commands)
                return [.. _commands];
        }
    }

    public int SuppressedOpens { get; private set; }

    /// <summary>A context of <paramref name="provider"/> whose connection is never opened.</summary>
    public PromptConsoleDbContext CreateContext(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=never-opened.db",
            DatabaseProvider.Postgres => "Host=127.0.0.1;Port=1;Database=never_opened",
            _ => "Server=127.0.0.1,1;Database=never_opened;User Id=nobody;Password=unused;Encrypt=True",
        };
        var builder = DatabaseProviders.Configure(new DbContextOptionsBuilder<PromptConsoleDbContext>(), provider, connectionString).AddInterceptors(this);
        return DatabaseProviders.CreateContext(provider, builder.Options);
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        SuppressedOpens++;
        return InterceptionResult.Suppress();
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ConnectionOpening(connection, eventData, result));

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return InterceptionResult<int>.SuppressWithResult(_rowsAffected(command));
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuting(command, eventData, result));

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        var rows = new DataTable();
        if (command.CommandText.TrimStart().StartsWith("SELECT COUNT(", StringComparison.Ordinal))
        {
            rows.Columns.Add("count", typeof(int));
            rows.Rows.Add(1);
        }
        else
        {
            // Split queries check that the reader has at least the columns they select before reading rows.
            for (var column = 0; column < MaxSelectedColumns; column++)
                rows.Columns.Add($"c{column}", typeof(object));
        }

        return InterceptionResult<DbDataReader>.SuppressWithResult(rows.CreateDataReader());
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuting(command, eventData, result));

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return InterceptionResult<object>.SuppressWithResult(DBNull.Value);
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ScalarExecuting(command, eventData, result));

    private void Record(DbCommand command)
    {
        var parameters = command.Parameters.Cast<DbParameter>().Select(p => new CapturedParameter(p.ParameterName, p.DbType, p.Value, p)).ToArray();
        lock (_commands)
            _commands.Add(new CapturedCommand(command.CommandText, parameters, command.Connection?.State ?? ConnectionState.Closed));
    }
}

public sealed record CapturedCommand(string Sql, IReadOnlyList<CapturedParameter> Parameters, ConnectionState ConnectionState);

/// <summary>A bound parameter as the provider's ADO.NET driver would send it (<see cref="Parameter"/> is the driver's own object).</summary>
public sealed record CapturedParameter(string Name, DbType DbType, object? Value, DbParameter Parameter);
