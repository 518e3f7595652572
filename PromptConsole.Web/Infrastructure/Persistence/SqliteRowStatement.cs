using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One prepared single-row INSERT on an open SQLite connection, its parameters bound by position straight through
/// SQLitePCLRaw (the library under Microsoft.Data.Sqlite). The recorder runs it thousands of times a second:
/// <see cref="SqliteCommand"/> creates a binder object and a fresh UTF-8 array for every parameter of every row (the
/// largest allocation site under load) and looks each parameter's position up by name again; here text is encoded
/// into one reused buffer and positions are the column order. Values are bound as Microsoft.Data.Sqlite binds them
/// (the same UTF-8 bytes, decimals and GUIDs as the same text), which a test checks column by column against rows
/// written through <see cref="SqliteCommand"/>.
/// </summary>
public sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _connection;
    private readonly sqlite3_stmt _statement;
    private readonly SqliteValueKind[] _kinds;
    private byte[] _text = new byte[256];

    private SqliteRowStatement(sqlite3 connection, sqlite3_stmt statement, SqliteValueKind[] kinds)
    {
        _connection = connection;
        _statement = statement;
        _kinds = kinds;
    }

    /// <summary>Prepares <paramref name="sql"/>, whose parameters are the values of <paramref name="kinds"/> in order.</summary>
    public static SqliteRowStatement Prepare(SqliteConnection connection, string sql, SqliteValueKind[] kinds)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        var parameters = raw.sqlite3_bind_parameter_count(statement);
        if (parameters != kinds.Length)
        {
            statement.Dispose();
            throw new InvalidOperationException($"The statement has {parameters} parameters, not {kinds.Length}: {sql}");
        }

        return new SqliteRowStatement(handle, statement, kinds);
    }

    /// <summary>How a provider CLR type is bound, or null when this statement does not bind it.</summary>
    public static SqliteValueKind? KindOf(Type providerType) => (Nullable.GetUnderlyingType(providerType) ?? providerType) switch
    {
        var t when t == typeof(string) => SqliteValueKind.Text,
        var t when t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(bool) => SqliteValueKind.Integer,
        var t when t == typeof(double) || t == typeof(float) => SqliteValueKind.Real,
        var t when t == typeof(decimal) => SqliteValueKind.Decimal,
        var t when t == typeof(Guid) => SqliteValueKind.Guid,
        var t when t == typeof(byte[]) => SqliteValueKind.Blob,
        _ => null,
    };

    /// <summary>Binds one row's values (in parameter order) and runs the statement; returns the rows it changed.</summary>
    public int Execute(ReadOnlySpan<object?> values)
    {
        for (var index = 0; index < _kinds.Length; index++)
            Check(Bind(index + 1, _kinds[index], values[index]));

        var stepped = raw.sqlite3_step(_statement);
        var changed = stepped == raw.SQLITE_DONE ? raw.sqlite3_changes(_connection) : 0;
        var reset = raw.sqlite3_reset(_statement);
        if (stepped != raw.SQLITE_DONE)
            Check(stepped);
        Check(reset);
        return changed;
    }

    private int Bind(int position, SqliteValueKind kind, object? value)
    {
        if (value is null or DBNull)
            return raw.sqlite3_bind_null(_statement, position);

        return kind switch
        {
            SqliteValueKind.Integer => raw.sqlite3_bind_int64(_statement, position, value is bool flag ? (flag ? 1 : 0) : Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            SqliteValueKind.Real => raw.sqlite3_bind_double(_statement, position, Real(value)),
            SqliteValueKind.Text => BindText(position, (string)value),
            // As Microsoft.Data.Sqlite writes a decimal: invariant text with at least one decimal place.
            SqliteValueKind.Decimal => BindText(position, ((decimal)value).ToString("0.0###########################", CultureInfo.InvariantCulture)),
            // EF Core stores GUIDs on SQLite as upper-case text.
            SqliteValueKind.Guid => BindText(position, ((Guid)value).ToString().ToUpperInvariant()),
            SqliteValueKind.Blob => raw.sqlite3_bind_blob(_statement, position, (byte[])value),
            _ => throw new InvalidOperationException($"No binding for {kind}."),
        };
    }

    private static double Real(object value)
    {
        var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        // Microsoft.Data.Sqlite refuses NaN too (SQLite would store it as NULL).
        return double.IsNaN(real) ? throw new InvalidOperationException("Cannot store NaN in SQLite.") : real;
    }

    /// <summary>UTF-8 into the reused buffer; SQLitePCLRaw binds a span as SQLITE_TRANSIENT, so SQLite copies it before the next bind.</summary>
    private int BindText(int position, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length > _text.Length)
            _text = new byte[Math.Max(length, _text.Length * 2)];
        var written = Encoding.UTF8.GetBytes(text, _text);
        return raw.sqlite3_bind_text(_statement, position, _text.AsSpan(0, written));
    }

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE))
            SqliteException.ThrowExceptionForRC(result, _connection);
    }

    public void Dispose() => _statement.Dispose();
}

/// <summary>How <see cref="SqliteRowStatement"/> binds a column's provider value.</summary>
public enum SqliteValueKind
{
    Text,
    Integer,
    Real,
    Decimal,
    Guid,
    Blob,
}
