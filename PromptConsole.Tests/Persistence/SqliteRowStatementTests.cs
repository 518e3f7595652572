using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Persistence;

/// <summary>
/// The recorder's SQLite inserts bind values themselves; what they store must be what EF Core and Microsoft.Data.Sqlite
/// store for the same records, byte for byte, or queries comparing ids, sums of costs and text would drift.
/// </summary>
public sealed class SqliteRowStatementTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Records with every column's values spread: nulls and set, edge numbers, text beyond ASCII.</summary>
    private static List<ExecutionRecord> VariedRecords()
    {
        var texts = new[] { "plain", "Grüße, 東京 🚀", "quote ' and \"double\"", "line\nbreak\ttab", "lone \ud800 surrogate", "", new string('x', 5_000) };
        var costs = new[] { 0m, 0.00042m, 12_345.67890123m, 0.00000001m, 5m, 79_228_162_514m, 1.10m };
        var latencies = new[] { 0.0, 0.1, 1e300, -0.0, 12.5, double.Epsilon, 3.0 };
        var records = new List<ExecutionRecord>();
        for (var i = 0; i < texts.Length; i++)
        {
            var odd = i % 2 == 1;
            var record = new ExecutionRecord(
                Guid.CreateVersion7(Start.AddSeconds(i)), Start.AddSeconds(i).AddTicks(i * 7), $"prompt-{i}", i + 1, "experiment", $"exp-{texts[i]}",
                odd ? "treatment" : null, odd ? $"user-{i}" : null, (ExecutionOrigin)(i % Enum.GetValues<ExecutionOrigin>().Length), odd ? texts[i] : null);
            record.Complete(
                (ExecutionOutcome)(i % Enum.GetValues<ExecutionOutcome>().Length), $"model-{texts[i]}", odd, odd ? "timeout" : null,
                latencies[i], i, i * 1_000, int.MaxValue - i, costs[i], $"in-{i}", odd ? null : $"out-{i}", odd ? null : $"{i:x32}");
            record.PseudonymizeSubject(subject => $"hash-{subject}");
            if (i % 3 == 0)
                record.ServedFromCache(CacheLevel.Semantic, "l1", i * 10, costs[(i + 1) % costs.Length]);
            if (i % 3 == 1)
                record.RecordStages(new StageTimings(0.01 * i, null, 0.5, 123.456, odd ? null : 0.0));
            if (i % 2 == 0)
                record.Capture(texts[i], odd ? null : texts[(i + 1) % texts.Length], Start.AddDays(30));
            if (i % 4 == 0)
                record.RecordFeedback(1 + (i % 5), Start.AddMinutes(i));
            if (i % 4 == 1)
                record.RecordAutomatedScore(new AutomatedScore(i / 10.0, $"judge-{texts[i]}"), Start.AddMinutes(i));
            if (i == 2)
                record.MarkNotEnrolled("exp-a", "targeting");
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task Rows_bound_directly_store_what_EF_Core_and_Microsoft_Data_Sqlite_store()
    {
        var records = VariedRecords();
        await using var direct = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        await using var throughEf = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);

        await using (var db = direct.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(records.Count, await ExecutionRecordInserter.InsertAsync(db, records, CancellationToken.None));
            await transaction.CommitAsync();
        }

        await using (var db = throughEf.CreateDbContext())
        {
            db.Executions.AddRange(records);
            await db.SaveChangesAsync();
        }

        var columns = Columns(throughEf);
        Assert.True(columns.Count >= 35, string.Join(", ", columns));
        var expected = await StoredValuesAsync(throughEf, columns);
        var actual = await StoredValuesAsync(direct, columns);
        Assert.Equal(records.Count, expected.Count);
        for (var row = 0; row < expected.Count; row++)
        {
            for (var column = 0; column < columns.Count; column++)
                Assert.True(expected[row][column] == actual[row][column], $"row {row}, {columns[column]}: EF stored {expected[row][column]}, the direct insert {actual[row][column]}");
        }

        // And EF reads both back alike (the lone surrogate became U+FFFD in both: UTF-8 has no code for it).
        var readDirect = await ReadBackAsync(direct);
        var readThroughEf = await ReadBackAsync(throughEf);
        Assert.Equal(records.OrderBy(r => r.Id).Select(r => (r.Id, r.StartedAt, r.CostUsd)), readDirect.Select(r => (r.Id, r.StartedAt, r.CostUsd)));
        Assert.Equal(readThroughEf.Select(r => (r.CapturedInput, r.Tenant, r.Stages, r.Outcome, r.Cache, r.SavedCostUsd)), readDirect.Select(r => (r.CapturedInput, r.Tenant, r.Stages, r.Outcome, r.Cache, r.SavedCostUsd)));
    }

    private static async Task<List<ExecutionRecord>> ReadBackAsync(PersistenceTestHost host)
    {
        await using var db = host.CreateDbContext();
        return await db.Executions.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_row_already_stored_is_skipped_and_not_counted()
    {
        var records = VariedRecords();
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        await using var db = host.CreateDbContext();
        Assert.Equal(records.Count, await ExecutionRecordInserter.InsertAsync(db, records, CancellationToken.None));
        Assert.Equal(1, await ExecutionRecordInserter.InsertAsync(db, [records[2], VariedRecords()[0], records[4]], CancellationToken.None));
        Assert.Equal(records.Count + 1, await db.Executions.CountAsync());
    }

    [Fact]
    public async Task A_statement_whose_parameters_do_not_match_the_kinds_is_refused_when_prepared()
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        await using var db = host.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();

        var refused = Assert.Throws<InvalidOperationException>(() =>
            SqliteRowStatement.Prepare(connection, "SELECT @a, @b", [SqliteValueKind.Text]));
        Assert.Contains("has 2 parameters, not 1", refused.Message, StringComparison.Ordinal);

        using var matching = SqliteRowStatement.Prepare(connection, "SELECT @a, @b", [SqliteValueKind.Text, SqliteValueKind.Integer]);
    }

    [Theory]
    [InlineData(typeof(string), SqliteValueKind.Text)]
    [InlineData(typeof(long), SqliteValueKind.Integer)]
    [InlineData(typeof(int?), SqliteValueKind.Integer)]
    [InlineData(typeof(bool), SqliteValueKind.Integer)]
    [InlineData(typeof(double?), SqliteValueKind.Real)]
    [InlineData(typeof(decimal), SqliteValueKind.Decimal)]
    [InlineData(typeof(Guid), SqliteValueKind.Guid)]
    [InlineData(typeof(byte[]), SqliteValueKind.Blob)]
    [InlineData(typeof(DateTime), null)]
    [InlineData(typeof(DateTimeOffset), null)]
    [InlineData(typeof(TimeSpan), null)]
    [InlineData(typeof(char), null)]
    public void Provider_types_bind_as_their_kind_and_others_are_refused(Type providerType, SqliteValueKind? kind) =>
        Assert.Equal(kind, SqliteRowStatement.KindOf(providerType));

    private static List<string> Columns(PersistenceTestHost host)
    {
        using var db = host.CreateDbContext();
        var entity = db.Model.FindEntityType(typeof(ExecutionRecord))!;
        return entity.GetProperties().Select(p => p.GetColumnName()).ToList();
    }

    /// <summary>Each column's storage class and exact value: text and blobs byte for byte (hex), reals to 17 digits.</summary>
    private static async Task<List<string[]>> StoredValuesAsync(PersistenceTestHost host, List<string> columns)
    {
        await using var db = host.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"typeof(\"{c}\") || ':' || CASE typeof(\"{c}\") WHEN 'real' THEN printf('%!.17g', \"{c}\") ELSE hex(\"{c}\") END"))} FROM \"Executions\" ORDER BY \"Id\"";
        var rows = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(Enumerable.Range(0, columns.Count).Select(reader.GetString).ToArray());
        return rows;
    }
}
