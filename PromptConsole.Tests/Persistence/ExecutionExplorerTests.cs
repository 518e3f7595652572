using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Persistence;

public sealed class ExecutionExplorerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static Guid IdOf(int n) => Guid.Parse($"00000000-0000-7000-8000-{n:x12}");

    /// <summary>A record started <paramref name="minute"/> minutes after <see cref="T0"/>; id n orders like n.</summary>
    private static ExecutionRecord Record(
        int n,
        int minute,
        string prompt = "greet",
        int version = 1,
        ExecutionOutcome outcome = ExecutionOutcome.Success,
        CacheLevel cache = CacheLevel.Miss,
        string model = "sim-fast",
        ExecutionOrigin origin = ExecutionOrigin.Api,
        string? errorType = null,
        string? traceId = null)
    {
        var record = new ExecutionRecord(IdOf(n), T0.AddMinutes(minute), prompt, version, "label", "production", null, null, origin);
        record.Complete(outcome, model, true, errorType, 10 + n, 1, 20, 30, 0.0001m * n, $"in-{n}", outcome == ExecutionOutcome.Success ? $"out-{n}" : null, traceId);
        if (cache != CacheLevel.Miss)
            record.ServedFromCache(cache);
        return record;
    }

    private static async Task<PersistenceTestHost> HostWithAsync(TestDatabaseProvider provider, params ExecutionRecord[] records)
    {
        var host = await PersistenceTestHost.CreateAsync(provider);
        await using var db = host.CreateDbContext();
        db.Executions.AddRange(records);
        await db.SaveChangesAsync();
        return host;
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Lists_newest_first_with_ties_broken_by_id_and_pages_with_a_total(TestDatabaseProvider provider)
    {
        await using var host = await HostWithAsync(provider, Record(1, 0), Record(2, 5), Record(3, 5), Record(4, 10), Record(5, 1));
        var explorer = new ExecutionExplorer(host.Get<IDbContextFactory<PromptConsoleDbContext>>());

        var all = await explorer.SearchAsync(new ExecutionQuery(ExecutionFilter.None, 0, 50));
        Assert.Equal([IdOf(4), IdOf(3), IdOf(2), IdOf(5), IdOf(1)], all.Items.Select(i => i.Id));
        Assert.Equal(5, all.Total);

        var second = await explorer.SearchAsync(new ExecutionQuery(ExecutionFilter.None, 2, 2));
        Assert.Equal([IdOf(2), IdOf(5)], second.Items.Select(i => i.Id));
        Assert.Equal((5, 2, 2), (second.Total, second.Skip, second.Take));

        var beyond = await explorer.SearchAsync(new ExecutionQuery(ExecutionFilter.None, 10, 2));
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);

        // Times come back as the same UTC instants on both providers.
        Assert.Equal(T0.AddMinutes(10), all.Items[0].StartedAt);
        Assert.Equal(TimeSpan.Zero, all.Items[0].StartedAt.Offset);
    }

    public static TheoryData<TestDatabaseProvider, string, ExecutionFilter, int[]> FilterCases()
    {
        var cases = new TheoryData<TestDatabaseProvider, string, ExecutionFilter, int[]>();
        foreach (var provider in new[] { TestDatabaseProvider.Sqlite, TestDatabaseProvider.Postgres })
        {
            cases.Add(provider, "prompt", new ExecutionFilter(PromptKey: "summarize"), [6, 5]);
            cases.Add(provider, "prompt and version", new ExecutionFilter(PromptKey: "summarize", PromptVersion: 2), [6]);
            cases.Add(provider, "version alone", new ExecutionFilter(PromptVersion: 2), [6]);
            cases.Add(provider, "outcome", new ExecutionFilter(Outcome: ExecutionOutcome.ProviderFailed), [3, 2]);
            cases.Add(provider, "cache", new ExecutionFilter(Cache: CacheLevel.Semantic), [4]);
            cases.Add(provider, "model", new ExecutionFilter(Model: "sim-smart"), [7]);
            cases.Add(provider, "origin", new ExecutionFilter(Origin: ExecutionOrigin.DemoTraffic), [8]);
            cases.Add(provider, "from is inclusive", new ExecutionFilter(From: T0.AddMinutes(6)), [8, 7, 6]);
            cases.Add(provider, "to is exclusive", new ExecutionFilter(To: T0.AddMinutes(3)), [2, 1]);
            cases.Add(provider, "time range", new ExecutionFilter(From: T0.AddMinutes(2), To: T0.AddMinutes(4)), [3, 2]);
            cases.Add(provider, "range in another offset", new ExecutionFilter(From: new DateTimeOffset(2026, 3, 1, 11, 2, 0, TimeSpan.FromHours(2)), To: T0.AddMinutes(4)), [3, 2]);
            cases.Add(provider, "error type", new ExecutionFilter(ErrorType: "timeout"), [3]);
            cases.Add(provider, "trace id", new ExecutionFilter(TraceId: "0af7651916cd43dd8448eb211c80319c"), [5]);
            cases.Add(provider, "filters combine", new ExecutionFilter(PromptKey: "greet", Outcome: ExecutionOutcome.ProviderFailed, ErrorType: "rate_limited"), [2]);
            cases.Add(provider, "nothing matches", new ExecutionFilter(PromptKey: "summarize", Model: "sim-smart"), []);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task Each_filter_selects_its_executions(TestDatabaseProvider provider, string @case, ExecutionFilter filter, int[] expected)
    {
        await using var host = await HostWithAsync(
            provider,
            Record(1, 0),
            Record(2, 2, outcome: ExecutionOutcome.ProviderFailed, errorType: "rate_limited"),
            Record(3, 3, outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout"),
            Record(4, 4, cache: CacheLevel.Semantic),
            Record(5, 5, prompt: "summarize", traceId: "0af7651916cd43dd8448eb211c80319c"),
            Record(6, 6, prompt: "summarize", version: 2),
            Record(7, 7, model: "sim-smart"),
            Record(8, 8, origin: ExecutionOrigin.DemoTraffic));
        var explorer = new ExecutionExplorer(host.Get<IDbContextFactory<PromptConsoleDbContext>>());

        var page = await explorer.SearchAsync(new ExecutionQuery(filter, 0, 50));

        Assert.True(expected.Select(IdOf).SequenceEqual(page.Items.Select(i => i.Id)), $"{@case}: got {string.Join(", ", page.Items.Select(i => i.Id))}");
        Assert.Equal(expected.Length, page.Total);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Find_returns_the_whole_record_and_null_for_an_unknown_id(TestDatabaseProvider provider)
    {
        var captured = Record(1, 0, traceId: "0af7651916cd43dd8448eb211c80319c");
        captured.RecordStages(new StageTimings(0.1, 0.2, 0.3, 4.5, null));
        captured.Capture("the input", "the output", T0.AddDays(7));
        captured.RecordFeedback(4, T0.AddMinutes(1));
        await using var host = await HostWithAsync(provider, captured, Record(2, 1));
        var explorer = new ExecutionExplorer(host.Get<IDbContextFactory<PromptConsoleDbContext>>());

        var found = await explorer.FindAsync(IdOf(1));
        Assert.NotNull(found);
        Assert.Equal("the input", found.CapturedInput);
        Assert.Equal("the output", found.CapturedOutput);
        Assert.Equal(new StageTimings(0.1, 0.2, 0.3, 4.5, null), found.Stages);
        Assert.Equal(4, found.FeedbackScore);
        Assert.Equal(0.0001m, found.CostUsd);

        var plain = await explorer.FindAsync(IdOf(2));
        Assert.Null(plain!.CapturedInput);
        Assert.Null(plain.Stages);

        Assert.Null(await explorer.FindAsync(Guid.NewGuid()));
    }

    public static TheoryData<string, ExecutionFilter, string> PlanCases => new()
    {
        // case, filter → the index a page of the list reads, in time order (a trace id has a
        // handful of rows, so its index needs no time column)
        { "no filter", ExecutionFilter.None, "IX_Executions_StartedAt" },
        { "time range", new ExecutionFilter(From: T0, To: T0.AddHours(1)), "IX_Executions_StartedAt" },
        { "prompt", new ExecutionFilter(PromptKey: "greet"), "IX_Executions_PromptKey_StartedAt" },
        { "prompt and version", new ExecutionFilter(PromptKey: "greet", PromptVersion: 2), "IX_Executions_PromptKey_PromptVersion_StartedAt" },
        { "outcome", new ExecutionFilter(Outcome: ExecutionOutcome.ProviderFailed), "IX_Executions_Outcome_StartedAt" },
        { "cache", new ExecutionFilter(Cache: CacheLevel.Exact), "IX_Executions_Cache_StartedAt" },
        { "model", new ExecutionFilter(Model: "sim-fast"), "IX_Executions_Model_StartedAt" },
        { "origin", new ExecutionFilter(Origin: ExecutionOrigin.DemoTraffic), "IX_Executions_Origin_StartedAt" },
    };

    /// <summary>
    /// The list stays fast on a large table only if a page reads an index in order instead of
    /// sorting every match: checked on SQLite's plan (PostgreSQL's depends on its statistics).
    /// </summary>
    [Theory]
    [MemberData(nameof(PlanCases))]
    public async Task A_page_reads_an_index_in_time_order_rather_than_sorting_the_table(string @case, ExecutionFilter filter, string index)
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        await using var db = host.CreateDbContext();
        var sql = ExecutionExplorer.NewestFirst(ExecutionExplorer.Matching(db.Executions, filter)).Skip(0).Take(50).ToQueryString();

        var plan = await ExplainAsync(host.Database.ConnectionString, sql);

        Assert.True(plan.Any(step => step.Contains($"USING INDEX {index} ", StringComparison.Ordinal) || step.EndsWith($"USING INDEX {index}", StringComparison.Ordinal)
                                     || step.Contains($"USING COVERING INDEX {index}", StringComparison.Ordinal)),
            $"{@case}: {string.Join(" | ", plan)}");
        Assert.DoesNotContain("USE TEMP B-TREE FOR ORDER BY", plan);
    }

    [Fact]
    public async Task A_trace_id_is_looked_up_by_its_index()
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        await using var db = host.CreateDbContext();
        var filter = new ExecutionFilter(TraceId: "0af7651916cd43dd8448eb211c80319c");
        var sql = ExecutionExplorer.NewestFirst(ExecutionExplorer.Matching(db.Executions, filter)).Take(50).ToQueryString();

        var plan = await ExplainAsync(host.Database.ConnectionString, sql);

        Assert.True(plan.Any(step => step.StartsWith("SEARCH ", StringComparison.Ordinal) && step.Contains("USING INDEX IX_Executions_TraceId (TraceId=?)", StringComparison.Ordinal)), string.Join(" | ", plan));
    }

    /// <summary>EXPLAIN QUERY PLAN of EF's SQL; the plan does not depend on parameter values, so they are bound as NULL.</summary>
    private static async Task<IReadOnlyList<string>> ExplainAsync(string connectionString, string queryString)
    {
        var lines = queryString.Split('\n');
        var parameters = lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToArray();
        var sql = string.Join('\n', lines.Where(l => !l.StartsWith(".param set ", StringComparison.Ordinal)));

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in parameters)
            command.Parameters.AddWithValue(name, DBNull.Value);
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            steps.Add(reader.GetString(3));
        return steps;
    }
}
