using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Hosting;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Persistence;

public sealed class ExecutionRecorderTests
{
    private static ExecutionRecord NewRecord(TimeProvider clock, string promptKey = "greet")
    {
        var record = new ExecutionRecord(Guid.CreateVersion7(), clock.GetUtcNow(), promptKey, 1, "label", "production", null, "user-42");
        record.Complete(ExecutionOutcome.Success, "sim-fast", true, null, 12.5, 1, 20, 30, 0.00042m, "in-hash", "out-hash", null);
        return record;
    }

    private static async Task<int> CountRows(PersistenceTestHost host)
    {
        await using var db = host.CreateDbContext();
        return await db.Executions.CountAsync();
    }

    private static async Task<ExecutionRecord> Row(PersistenceTestHost host, Guid id)
    {
        await using var db = host.CreateDbContext();
        return await db.Executions.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Everything_accepted_is_written_when_the_host_stops(TestDatabaseProvider provider)
    {
        // A long batch delay keeps records queued, so the stop has to drain them.
        await using var host = await PersistenceTestHost.CreateAsync(provider, s =>
        {
            s["PromptConsole:Recording:BatchSize"] = "128";
            s["PromptConsole:Recording:MaxBatchDelayMs"] = "10000";
        });
        await host.StartAsync();
        var recorder = host.Get<IExecutionRecorder>();

        var ids = new List<Guid>();
        for (var i = 0; i < 1_000; i++)
        {
            var record = NewRecord(host.Clock);
            ids.Add(record.Id);
            await recorder.RecordAsync(record);
        }

        Assert.Equal(1_000, recorder.AcceptedCount);
        await host.StopAsync();

        Assert.Equal(1_000, recorder.WrittenCount);
        await using var db = host.CreateDbContext();
        var stored = await db.Executions.Select(e => e.Id).ToListAsync();
        Assert.Equal(ids.Order(), stored.Order());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await recorder.RecordAsync(NewRecord(host.Clock)));
    }

    [Fact]
    public async Task Two_stops_at_once_both_wait_for_the_drain_so_disposal_after_either_loses_nothing()
    {
        // WebApplication.Run stops the host a second time when the lifetime fires, then disposes it.
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite, s =>
        {
            s["PromptConsole:Recording:BatchSize"] = "16";
            s["PromptConsole:Recording:MaxBatchDelayMs"] = "10000";
        });
        await host.StartAsync();
        var recorder = host.Get<BatchingExecutionRecorder>();
        for (var i = 0; i < 500; i++)
            await recorder.RecordAsync(NewRecord(host.Clock));

        var first = recorder.StopAsync(CancellationToken.None);
        await recorder.StopAsync(CancellationToken.None);
        recorder.Dispose();
        await first;

        Assert.Equal(500, recorder.WrittenCount);
        await using var db = host.CreateDbContext();
        Assert.Equal(500, await db.Executions.CountAsync());
    }

    [Fact]
    public async Task At_the_bound_new_executions_are_refused_and_records_already_taken_are_kept_without_waiting()
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite, s => s["PromptConsole:Recording:Capacity"] = "5");
        var recorder = host.Get<IExecutionRecorder>();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(recorder.TryAdmit());
            Assert.True(recorder.RecordAsync(NewRecord(host.Clock)).IsCompletedSuccessfully);
        }

        // The writer has not started: five records wait, the bound.
        Assert.False(recorder.TryAdmit());
        Assert.False(recorder.TryAdmit());
        Assert.Equal(new RecorderStatus(5, 5, false, 0, 2), recorder.Status);

        // An execution admitted just before the bound still finishes: its record is kept and the call does not wait.
        Assert.True(recorder.RecordAsync(NewRecord(host.Clock)).IsCompletedSuccessfully);

        await host.StartAsync();
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, await CountRows(host));
        Assert.Equal(0, recorder.Status.Waiting);
        Assert.True(recorder.TryAdmit());
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Feedback_reaches_records_still_queued_and_records_already_written(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var recorder = host.Get<IExecutionRecorder>();

        // Not started: the first record is still in the channel when its feedback arrives.
        var queued = NewRecord(host.Clock);
        await recorder.RecordAsync(queued);
        Assert.Equal(FeedbackAcceptance.Accepted, (await recorder.RecordFeedbackAsync(queued.Id, 4)).Acceptance);

        await host.StartAsync();
        await recorder.FlushAsync();
        var written = NewRecord(host.Clock);
        await recorder.RecordAsync(written);
        await recorder.FlushAsync();
        host.ManualClock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(FeedbackAcceptance.Accepted, (await recorder.RecordFeedbackAsync(written.Id, 2)).Acceptance);

        Assert.Equal(FeedbackAcceptance.UnknownExecution, (await recorder.RecordFeedbackAsync(Guid.NewGuid(), 3)).Acceptance);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => recorder.RecordFeedbackAsync(written.Id, 6));

        var queuedRow = await Row(host, queued.Id);
        Assert.Equal(4, queuedRow.FeedbackScore);
        Assert.Equal(queued.StartedAt, queuedRow.FeedbackAt);
        var writtenRow = await Row(host, written.Id);
        Assert.Equal(2, writtenRow.FeedbackScore);
        Assert.Equal(host.Clock.GetUtcNow(), writtenRow.FeedbackAt);
        Assert.Equal(2, recorder.WrittenCount);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Automated_scores_reach_queued_and_written_records_without_touching_feedback(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var recorder = host.Get<IExecutionRecorder>();
        var judge = AutomatedScore.Create(0.75, "llm-judge").Value;

        // Not started: feedback and a grade both wait in the channel with their record.
        var queued = NewRecord(host.Clock);
        await recorder.RecordAsync(queued);
        Assert.Equal(FeedbackAcceptance.Accepted, (await recorder.RecordFeedbackAsync(queued.Id, 5)).Acceptance);
        Assert.Equal(FeedbackAcceptance.Accepted, (await recorder.RecordAutomatedScoreAsync(queued.Id, judge)).Acceptance);

        await host.StartAsync();
        await recorder.FlushAsync();
        var written = NewRecord(host.Clock);
        await recorder.RecordAsync(written);
        await recorder.FlushAsync();
        host.ManualClock.Advance(TimeSpan.FromMinutes(2));
        var receipt = await recorder.RecordAutomatedScoreAsync(written.Id, AutomatedScore.Create(0.1, "unit-tests").Value);
        Assert.Equal(FeedbackAcceptance.Accepted, receipt.Acceptance);
        Assert.Equal(new MetricSeriesKey("greet", 1, null, "sim-fast"), receipt.Series);
        Assert.Equal(FeedbackAcceptance.UnknownExecution, (await recorder.RecordAutomatedScoreAsync(Guid.NewGuid(), judge)).Acceptance);

        var queuedRow = await Row(host, queued.Id);
        Assert.Equal(5, queuedRow.FeedbackScore);
        Assert.Equal(0.75, queuedRow.AutomatedScore);
        Assert.Equal("llm-judge", queuedRow.AutomatedEvaluator);
        var writtenRow = await Row(host, written.Id);
        Assert.Null(writtenRow.FeedbackScore);
        Assert.Equal(0.1, writtenRow.AutomatedScore);
        Assert.Equal("unit-tests", writtenRow.AutomatedEvaluator);
        Assert.Equal(host.Clock.GetUtcNow(), writtenRow.AutomatedScoreAt);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Feedback_racing_the_writer_is_never_lost(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider, s =>
        {
            s["PromptConsole:Recording:BatchSize"] = "7";
            s["PromptConsole:Recording:MaxBatchDelayMs"] = "1";
        });
        await host.StartAsync();
        var recorder = host.Get<IExecutionRecorder>();

        var records = Enumerable.Range(0, 300).Select(_ => NewRecord(host.Clock)).ToArray();
        var feedback = new List<Task<FeedbackReceipt>>();
        for (var i = 0; i < records.Length; i++)
        {
            await recorder.RecordAsync(records[i]);
            if (i % 10 == 0)
                await Task.Yield();
            feedback.Add(recorder.RecordFeedbackAsync(records[i].Id, 1 + (i % 5)));
        }

        Assert.All(await Task.WhenAll(feedback), receipt => Assert.Equal(FeedbackAcceptance.Accepted, receipt.Acceptance));
        await recorder.FlushAsync();

        await using var db = host.CreateDbContext();
        var scores = await db.Executions.ToDictionaryAsync(e => e.Id, e => e.FeedbackScore);
        for (var i = 0; i < records.Length; i++)
            Assert.Equal(1 + (i % 5), scores[records[i].Id]);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Capture_sweep_erases_only_text_past_its_retention(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        await host.StartAsync();
        var recorder = host.Get<IExecutionRecorder>();
        var now = host.Clock.GetUtcNow();
        var expiresSoon = NewRecord(host.Clock);
        expiresSoon.Capture("input one", "output one", now.AddHours(1));
        var expiresLater = NewRecord(host.Clock);
        expiresLater.Capture("input two", "output two", now.AddHours(3));
        var notCaptured = NewRecord(host.Clock);
        foreach (var record in new[] { expiresSoon, expiresLater, notCaptured })
            await recorder.RecordAsync(record);
        await recorder.FlushAsync();

        var sweeper = host.Get<BatchingExecutionRecorder>();
        Assert.Equal(0, await sweeper.EraseExpiredCapturesAsync());
        host.ManualClock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await sweeper.EraseExpiredCapturesAsync());

        var erased = await Row(host, expiresSoon.Id);
        Assert.Null(erased.CapturedInput);
        Assert.Null(erased.CapturedOutput);
        Assert.Null(erased.CaptureExpiresAt);
        Assert.Equal("in-hash", erased.InputHash);
        var kept = await Row(host, expiresLater.Id);
        Assert.Equal("input two", kept.CapturedInput);
        Assert.Equal("output two", kept.CapturedOutput);
        Assert.Equal(now.AddHours(3), kept.CaptureExpiresAt);
    }

    [Fact]
    public async Task Capture_sweep_runs_periodically_in_the_background()
    {
        await using var host = await PersistenceTestHost.CreateAsync(
            TestDatabaseProvider.Sqlite,
            s => s["PromptConsole:Recording:CaptureSweepIntervalSeconds"] = "1",
            clock: TimeProvider.System);
        await host.StartAsync();
        var recorder = host.Get<IExecutionRecorder>();
        var expired = NewRecord(host.Clock);
        expired.Capture("secret input", "secret output", host.Clock.GetUtcNow().AddMilliseconds(200));
        await recorder.RecordAsync(expired);
        await recorder.FlushAsync();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await Row(host, expired.Id)).CapturedInput is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The background sweep did not erase expired text.");
            await Task.Delay(100);
        }

        Assert.Null((await Row(host, expired.Id)).CapturedOutput);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Write_failures_are_logged_and_retried_until_the_database_is_there(TestDatabaseProvider provider)
    {
        // Started before the schema exists: every write fails until the migrations run.
        await using var host = await PersistenceTestHost.CreateAsync(provider, initialize: false);
        await host.StartAsync();
        var recorder = host.Get<IExecutionRecorder>();
        var records = Enumerable.Range(0, 10).Select(_ => NewRecord(host.Clock)).ToArray();
        foreach (var record in records)
            await recorder.RecordAsync(record);

        var logs = host.Get<CollectingLoggerProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!logs.Entries.Any(IsWriteFailure))
        {
            Assert.True(DateTime.UtcNow < deadline, "No write failure was logged.");
            await Task.Delay(50);
        }

        Assert.Equal(0, recorder.WrittenCount);
        Assert.True(recorder.Status.WriteFailing);
        Assert.True(recorder.Status.WriteFailures >= 1);
        Assert.Equal(10, recorder.Status.Waiting);
        await host.Services.InitializePromptConsoleDatabaseAsync();
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(10, await CountRows(host));
        Assert.Equal(10, recorder.WrittenCount);
        Assert.False(recorder.Status.WriteFailing);
        Assert.Equal(0, recorder.Status.Waiting);
        Assert.Contains(logs.Entries, e => e.Category == typeof(BatchingExecutionRecorder).FullName && e.Message.StartsWith("The database is back: wrote 10 execution record(s)", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => IsWriteFailure(e) && e.Message.StartsWith("Writing 10 execution record(s) failed", StringComparison.Ordinal) && e.Exception is not null);

        static bool IsWriteFailure(CollectingLoggerProvider.LogEntry entry) =>
            entry.Level == LogLevel.Error
            && entry.Category == typeof(BatchingExecutionRecorder).FullName
            && entry.Message.StartsWith("Writing ", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_written_twice_is_stored_once_and_does_not_block_the_others()
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        await host.StartAsync();
        var recorder = host.Get<IExecutionRecorder>();
        var record = NewRecord(host.Clock);
        await recorder.RecordAsync(record);
        await recorder.FlushAsync();

        await recorder.RecordAsync(record);
        var other = NewRecord(host.Clock);
        await recorder.RecordAsync(other);
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, await CountRows(host));
        Assert.Equal(2, recorder.WrittenCount);
    }
}
