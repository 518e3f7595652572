using System.Collections.Concurrent;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PromptConsole.Domain.Execution;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// Inserts execution records with multi-row INSERT statements instead of change tracking: the
/// recorder writes thousands of rows a second on the same cores that serve requests, and EF's
/// per-entity bookkeeping made each batch a CPU burst that showed up in the gateway's p99.
/// Table, columns and type mappings (value conversions included) come from the EF model, so the
/// mapping stays in one place; the statements run through EF's command pipeline, so they join the
/// current transaction and are seen by logging and interceptors like any other command.
/// Rows whose id is already stored are skipped: ON CONFLICT DO NOTHING on SQLite and PostgreSQL,
/// INSERT … SELECT … WHERE NOT EXISTS under a key-range lock on SQL Server (which has no ON CONFLICT).
/// On SQLite the rows go one at a time through one prepared single-row statement instead (see
/// <see cref="InsertOneByOneOnSqlite"/>): there is no round trip to save, and the multi-row
/// statement's parse and name-based binding were a tenth of the gateway's CPU under load. That
/// command is run directly, so EF's command logging does not list it; a context with command or
/// connection interceptors keeps the EF pipeline so they still see every statement.
/// </summary>
public static class ExecutionRecordInserter
{
    /// <summary>
    /// Rows per statement. SQLite resolves each named parameter with a linear scan over the
    /// statement's parameters, so binding cost grows with the square of the statement size:
    /// a few dozen rows keep it negligible while still saving most of the round trips.
    /// </summary>
    private const int RowsPerStatement = 32;

    /// <summary>
    /// A batch inserted into SQLite is milliseconds of CPU on one thread. Threads woken onto the same core meanwhile
    /// (a request's continuation, a socket thread) wait behind it even when the other core is idle: Linux pulls a
    /// waiting thread onto an idle core only when that core's idle periods are long on average, which they are not
    /// between requests, so it waits for the periodic balance a few milliseconds later. On 2 cores at 1,000
    /// executions a second those waits were a cluster of slow requests after every batch (bench/README.md, "The
    /// floor"). Giving up the core every few rows (about a fifth of a millisecond of inserts) lets them run; when
    /// nothing waits, it costs one system call. The recorder turns the yields off while it is behind
    /// (<see cref="Recording.BatchingExecutionRecorder.YieldsBetweenRows"/>).
    /// </summary>
    private const int SqliteRowsBetweenYields = 16;

    /// <summary>SQL Server refuses a command with more than 2,100 parameters, the lowest limit of the three providers.</summary>
    private const int MaxParametersPerStatement = 2_100;

    private static readonly ConcurrentDictionary<Type, InsertShape> Shapes = new();

    /// <summary>
    /// Inserts the records (a record listed twice is written once); returns how many rows were new. On SQLite,
    /// <paramref name="yieldBetweenRows"/> gives up the core every few rows (<see cref="SqliteRowsBetweenYields"/>).
    /// </summary>
    public static async Task<int> InsertAsync(PromptConsoleDbContext db, IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken, bool yieldBetweenRows = true)
    {
        records = DistinctById(records);
        if (records.Count == 0)
            return 0;

        var shape = Shapes.GetOrAdd(db.GetType(), static (_, context) => InsertShape.From(context), db);
        if (shape.IsSqlite && !HasCommandInterceptors(db))
            return InsertOneByOneOnSqlite(db, shape, records, yieldBetweenRows);

        var connection = db.GetService<IRelationalConnection>();
        var logger = db.GetService<IRelationalCommandDiagnosticsLogger>();

        // Opened once for all statements (EF counts opens, so an open transaction's connection stays open).
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var inserted = 0;
            for (var offset = 0; offset < records.Count; offset += shape.RowsPerStatement)
            {
                var count = Math.Min(shape.RowsPerStatement, records.Count - offset);
                var values = new Dictionary<string, object?>(count * shape.Columns.Length, StringComparer.Ordinal);
                for (var row = 0; row < count; row++)
                {
                    var record = records[offset + row];
                    for (var column = 0; column < shape.Columns.Length; column++)
                        values.Add(shape.ParameterNames[(row * shape.Columns.Length) + column], shape.Columns[column].Value(record));
                }

                inserted += await shape.Command(count).ExecuteNonQueryAsync(
                    new RelationalCommandParameterObject(connection, values, null, db, logger), cancellationToken);
            }

            return inserted;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// SQLite runs in process, so a multi-row statement saves no round trip, while it costs a fresh parse of a
    /// statement with ~1,000 placeholders for every command EF creates and a by-name lookup of each parameter
    /// among all of them (quadratic). One single-row statement, prepared once per batch and executed per row
    /// inside the caller's transaction, does the same work with neither; <see cref="SqliteRowStatement"/> binds its
    /// values by position without the per-parameter objects of <see cref="SqliteCommand"/>. Synchronous on purpose:
    /// Microsoft.Data.Sqlite's async methods run synchronously anyway, and this is the recorder's background writer.
    /// Values go through the EF type mappings, as on the other providers; EF's command logging does not see these.
    /// </summary>
    private static int InsertOneByOneOnSqlite(PromptConsoleDbContext db, InsertShape shape, IReadOnlyList<ExecutionRecord> records, bool yieldBetweenRows)
    {
        db.Database.OpenConnection();
        try
        {
            // Runs inside the caller's transaction: SQLite's transaction belongs to the connection.
            using var statement = SqliteRowStatement.Prepare((SqliteConnection)db.Database.GetDbConnection(), shape.SingleRowSql, shape.SqliteKinds);
            var values = new object?[shape.Columns.Length];
            var inserted = 0;
            for (var row = 0; row < records.Count; row++)
            {
                var record = records[row];
                for (var column = 0; column < shape.Columns.Length; column++)
                    values[column] = shape.Columns[column].ProviderValue(record);
                inserted += statement.Execute(values);
                if (yieldBetweenRows && (row + 1) % SqliteRowsBetweenYields == 0)
                    Thread.Yield();
            }

            return inserted;
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <summary>The SQLite path runs its command itself, so a context with command or connection interceptors keeps EF's pipeline.</summary>
    private static bool HasCommandInterceptors(PromptConsoleDbContext db)
    {
        var interceptors = db.GetService<IInterceptors>();
        return interceptors.Aggregate<IDbCommandInterceptor>() is not null || interceptors.Aggregate<IDbConnectionInterceptor>() is not null;
    }

    private static IReadOnlyList<ExecutionRecord> DistinctById(IReadOnlyList<ExecutionRecord> records)
    {
        // SQL Server's NOT EXISTS sees only rows stored before the statement, so a duplicate inside
        // one statement would hit the primary key; the other providers skip it either way.
        var ids = new HashSet<Guid>(records.Count);
        var distinct = true;
        foreach (var record in records)
            distinct &= ids.Add(record.Id);
        if (distinct)
            return records;

        ids.Clear();
        return records.Where(r => ids.Add(r.Id)).ToArray();
    }

    /// <summary>A mapped column; the type mapping converts the property's value for the provider when the parameter is bound.</summary>
    private sealed record Column(string Name, RelationalTypeMapping TypeMapping, bool IsNullable, Func<object, object?> Value)
    {
        /// <summary>The value as the provider stores it (the mapping's converter applied), for a parameter reused row after row.</summary>
        public object? ProviderValue(object record)
        {
            var value = Value(record);
            return value is null || TypeMapping.Converter is not { } converter ? value : converter.ConvertToProvider(value);
        }
    }

    private sealed class InsertShape
    {
        private readonly IRelationalCommandBuilderFactory _commands;
        private readonly ISqlGenerationHelper _sql;
        private readonly Func<string, string> _statement;
        private readonly ConcurrentDictionary<int, IRelationalCommand> _commandByRowCount = new();

        private InsertShape(IRelationalCommandBuilderFactory commands, ISqlGenerationHelper sql, Column[] columns, Func<string, string> statement, bool isSqlite)
        {
            _commands = commands;
            _sql = sql;
            _statement = statement;
            Columns = columns;
            IsSqlite = isSqlite;
            RowsPerStatement = Math.Min(ExecutionRecordInserter.RowsPerStatement, MaxParametersPerStatement / columns.Length);
            ParameterNames = Enumerable.Range(0, RowsPerStatement * columns.Length).Select(i => $"p{i}").ToArray();
            SingleRowSql = statement(ValueRows(1));
            SqliteKinds = isSqlite ? columns.Select(SqliteKindOf).ToArray() : [];
        }

        public bool IsSqlite { get; }

        /// <summary>On SQLite, how each column's value is bound (column order, as in <see cref="SingleRowSql"/>).</summary>
        public SqliteValueKind[] SqliteKinds { get; }

        /// <summary>The statement for one row (parameters p0 … p{columns − 1}).</summary>
        public string SingleRowSql { get; }

        public Column[] Columns { get; }

        public int RowsPerStatement { get; }

        /// <summary>Invariant parameter names, row by row then column by column: p0, p1, …</summary>
        public string[] ParameterNames { get; }

        private static SqliteValueKind SqliteKindOf(Column column)
        {
            var providerType = column.TypeMapping.Converter?.ProviderClrType ?? column.TypeMapping.ClrType;
            return SqliteRowStatement.KindOf(providerType)
                ?? throw new InvalidOperationException($"Executions column {column.Name} is stored as {providerType.Name}, which the SQLite row statement does not bind; add it to {nameof(SqliteRowStatement)}.{nameof(SqliteRowStatement.KindOf)}.");
        }

        /// <summary>The command for a statement of <paramref name="rows"/> rows; built once per row count and reused.</summary>
        public IRelationalCommand Command(int rows) => _commandByRowCount.GetOrAdd(rows, count =>
        {
            var builder = _commands.Create().Append(_statement(ValueRows(count)));
            for (var row = 0; row < count; row++)
            {
                for (var column = 0; column < Columns.Length; column++)
                {
                    var name = ParameterNames[(row * Columns.Length) + column];
                    builder.AddParameter(name, _sql.GenerateParameterName(name), Columns[column].TypeMapping, Columns[column].IsNullable);
                }
            }

            return builder.Build();
        });

        /// <summary>The rows' value lists, e.g. <c>(@p0, @p1), (@p2, @p3)</c>.</summary>
        private string ValueRows(int rows)
        {
            var sql = new StringBuilder();
            for (var row = 0; row < rows; row++)
            {
                sql.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < Columns.Length; column++)
                {
                    if (column > 0)
                        sql.Append(", ");
                    sql.Append(_sql.GenerateParameterNamePlaceholder(ParameterNames[(row * Columns.Length) + column]));
                }

                sql.Append(')');
            }

            return sql.ToString();
        }

        public static InsertShape From(PromptConsoleDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(ExecutionRecord))
                ?? throw new InvalidOperationException("ExecutionRecord is not mapped.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = entity.GetProperties()
                .Where(p => p.GetColumnName(table) is not null)
                .Select(p => new Column(p.GetColumnName(table)!, p.GetRelationalTypeMapping(), p.IsColumnNullable(table), p.GetGetter().GetClrValue))
                .ToArray();
            var key = sql.DelimitIdentifier(entity.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!);
            var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
            var columnList = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)));

            var source = sql.DelimitIdentifier("source");
            var stored = sql.DelimitIdentifier("stored");
            Func<string, string> statement = db.Database.IsSqlServer()
                ? valueRows =>
                    // UPDLOCK + HOLDLOCK keep the checked key range locked until the insert, so a
                    // concurrent writer of the same id waits instead of failing on the primary key.
                    $"INSERT INTO {tableName} ({columnList}) SELECT {columnList} FROM (VALUES {valueRows}) AS {source} ({columnList}) " +
                    $"WHERE NOT EXISTS (SELECT 1 FROM {tableName} AS {stored} WITH (UPDLOCK, HOLDLOCK) WHERE {stored}.{key} = {source}.{key}){sql.StatementTerminator}"
                : valueRows => $"INSERT INTO {tableName} ({columnList}) VALUES {valueRows} ON CONFLICT ({key}) DO NOTHING{sql.StatementTerminator}";
            return new InsertShape(db.GetService<IRelationalCommandBuilderFactory>(), sql, columns, statement, db.Database.IsSqlite());
        }
    }
}
