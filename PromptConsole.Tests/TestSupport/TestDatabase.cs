namespace PromptConsole.Tests.TestSupport;

public enum TestDatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh, empty database per use. SQLite is a temporary file; PostgreSQL is a new database on
/// the server that scripts/test.sh starts (its address in PROMPTCONSOLE_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "PROMPTCONSOLE_TEST_POSTGRES";

    private readonly string? _sqliteFile;

    private TestDatabase(TestDatabaseProvider provider, string connectionString, string? sqliteFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
    }

    public TestDatabaseProvider Provider { get; }

    public string ProviderName => Provider == TestDatabaseProvider.Sqlite ? "Sqlite" : "Postgres";

    public string ConnectionString { get; }

    public static TestDatabase Create(TestDatabaseProvider provider)
    {
        var name = $"pc_test_{Guid.NewGuid():N}";
        if (provider == TestDatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), name + ".db");
            return new TestDatabase(provider, $"Data Source={file}", file);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the suite with scripts/test.sh, which starts PostgreSQL 15 and sets it " +
                "(e.g. Host=127.0.0.1;Port=54329;Username=postgres).");
        }

        return new TestDatabase(provider, $"{server.TrimEnd(';')};Database={name}", null);
    }

    /// <summary>A fresh database on a PostgreSQL server of the test's own (e.g. one a fault test stops and restarts).</summary>
    public static TestDatabase OnPostgresServer(string server) =>
        new(TestDatabaseProvider.Postgres, $"{server.TrimEnd(';')};Database=pc_test_{Guid.NewGuid():N}", null);

    public void Dispose()
    {
        if (Provider == TestDatabaseProvider.Postgres)
        {
            // Npgsql keeps a database's idle connections open for five minutes; across the suite's hundreds of
            // databases that filled the server's connection slots ("too many clients already") in one full run.
            using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
            return;
        }

        if (_sqliteFile is null)
            return;
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            try
            {
                File.Delete(_sqliteFile + suffix);
            }
            catch (IOException)
            {
                // A pooled connection may still hold the file; the temp folder is cleaned eventually.
            }
        }
    }
}
