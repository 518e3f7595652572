using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Bench.Recording;

/// <summary>
/// The previous SQLite path, kept in the bench to compare with: PromptConsole's ExecutionRecordInserter as it was
/// before SQLite moved to one prepared single-row statement.
/// Inserts execution records with multi-row INSERT statements instead of change tracking: the
/// recorder writes thousands of rows a second on the same cores that serve requests, and EF's
/// per-entity bookkeeping made each batch a CPU burst that showed up in the gateway's p99.
/// Table, columns and type mappings (value conversions included) come from the EF model, so the
/// mapping stays in one place; the statements run through EF's command pipeline, so they join the
/// current transaction and are seen by logging and interceptors like any other command.
/// Rows whose id is already stored are skipped: ON CONFLICT DO NOTHING on SQLite and PostgreSQL,
/// INSERT … SELECT … WHERE NOT EXISTS under a key-range lock on SQL Server (which has no ON CONFLICT).
/// </summary>
internal static class MultiRowExecutionRecordInserter
{
    /// <summary>
    /// Rows per statement. SQLite resolves each named parameter with a linear scan over the
    /// statement's parameters, so binding cost grows with the square of the statement size:
    /// a few dozen rows keep it negligible while still saving most of the round trips.
    /// </summary>
    private const int RowsPerStatement = 32;

    /// <summary>SQL Server refuses a command with more than 2,100 parameters, the lowest limit of the three providers.</summary>
    private const int MaxParametersPerStatement = 2_100;

    private static readonly ConcurrentDictionary<Type, InsertShape> Shapes = new();

    /// <summary>Inserts the records (a record listed twice is written once); returns how many rows were new.</summary>
    public static async Task<int> InsertAsync(PromptConsoleDbContext db, IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken)
    {
        records = DistinctById(records);
        if (records.Count == 0)
            return 0;

        var shape = Shapes.GetOrAdd(db.GetType(), static (_, context) => InsertShape.From(context), db);
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
    private sealed record Column(string Name, RelationalTypeMapping TypeMapping, bool IsNullable, Func<object, object?> Value);

    private sealed class InsertShape
    {
        private readonly IRelationalCommandBuilderFactory _commands;
        private readonly ISqlGenerationHelper _sql;
        private readonly Func<string, string> _statement;
        private readonly ConcurrentDictionary<int, IRelationalCommand> _commandByRowCount = new();

        private InsertShape(IRelationalCommandBuilderFactory commands, ISqlGenerationHelper sql, Column[] columns, Func<string, string> statement)
        {
            _commands = commands;
            _sql = sql;
            _statement = statement;
            Columns = columns;
            RowsPerStatement = Math.Min(MultiRowExecutionRecordInserter.RowsPerStatement, MaxParametersPerStatement / columns.Length);
            ParameterNames = Enumerable.Range(0, RowsPerStatement * columns.Length).Select(i => $"p{i}").ToArray();
        }

        public Column[] Columns { get; }

        public int RowsPerStatement { get; }

        /// <summary>Invariant parameter names, row by row then column by column: p0, p1, …</summary>
        public string[] ParameterNames { get; }

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
            return new InsertShape(db.GetService<IRelationalCommandBuilderFactory>(), sql, columns, statement);
        }
    }
}
