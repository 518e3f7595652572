using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.Persistence;
using PromptConsole.Tests.Providers;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Tests.Background;

/// <summary>
/// The report controller on a manual clock (which starts on 15 January 2026 at 09:00 UTC) over a real database: nothing
/// before the configured time, the report of the day before at it, sent to the channel that asks for it, once.
/// </summary>
public sealed class DailyReportControllerTests
{
    [Fact]
    public async Task Generates_the_report_of_the_day_before_once_at_the_configured_time_and_sends_it()
    {
        var clock = new ManualTimeProvider();
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite, clock: clock);
        var contexts = host.Get<IDbContextFactory<PromptConsoleDbContext>>();
        var yesterday = new DateOnly(2026, 1, 14);
        var start = new DateTimeOffset(yesterday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await host.Services.SeedAsync(
        [
            ExecutionSeeding.Record("summarize", start.AddHours(3), latencyMs: 120),
            ExecutionSeeding.Record("summarize", start.AddHours(4), latencyMs: 80),
            ExecutionSeeding.Record("summarize", start.AddHours(5), ExecutionOutcome.ProviderFailed, "timeout", latencyMs: 30_000),
        ]);

        var reportChannel = RecordingNotificationChannels.Channel("reports", dailyReport: true);
        var channels = new RecordingNotificationChannels(
            reportChannel,
            RecordingNotificationChannels.Channel("alerts", dailyReport: false));
        var options = Options.Create(new ReportOptions { DailyAt = new TimeOnly(9, 30), CheckInterval = TimeSpan.FromMinutes(1) });
        var service = new DailyReportService(
            contexts,
            new DailyReportSources(contexts, new ModelCatalog(new ModelProvidersOptions())),
            new CalibrationService(contexts, clock),
            new FixedSloEvaluator(),
            channels,
            options,
            clock,
            NullLogger<DailyReportService>.Instance);
        var reports = new CountingReports(service);
        using var controller = new DailyReportController(reports, options, clock, NullLogger<DailyReportController>.Instance);

        await controller.StartAsync(CancellationToken.None);
        await GeneratorRig.WaitUntilAsync(() => clock.ActiveTimers == 1, "the loop waiting on the clock");

        // 09:00 → 09:29: not yet (a tick before the time does not even look for kept reports).
        for (var minute = 1; minute < 30; minute++)
            await AdvanceMinuteAsync(clock);
        await Task.Delay(200);
        Assert.Equal(0, reports.Lists);
        Assert.Empty(channels.Delivered);

        // 09:30: the report of the 14th, once, to the channel that asks for it.
        await AdvanceMinuteAsync(clock);
        await GeneratorRig.WaitUntilAsync(() => reports.Generated.Count == 1, "the report at 09:30");
        var (date, send) = reports.Generated[0];
        Assert.Equal(yesterday, date);
        Assert.True(send);
        var delivered = Assert.Single(channels.Delivered);
        Assert.Equal(reportChannel.Id, delivered.Channel);
        Assert.Equal("daily-report", delivered.Message.Kind);
        Assert.Contains("| Executions | 3 | 0 | new |", delivered.Message.Text, StringComparison.Ordinal);
        Assert.Contains("| `timeout` | 1 | 0 | new |", delivered.Message.Text, StringComparison.Ordinal);

        // Later ticks that day find it kept and do nothing.
        for (var minute = 0; minute < 5; minute++)
        {
            var lists = reports.Lists;
            await AdvanceMinuteAsync(clock);
            await GeneratorRig.WaitUntilAsync(() => reports.Lists > lists, "the check of the tick");
        }

        Assert.Single(reports.Generated);
        Assert.Single(channels.Delivered);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            var kept = await db.DailyReports.AsNoTracking().SingleAsync();
            Assert.Equal(yesterday, kept.Date);
            Assert.Equal(3, kept.Executions);
            var audit = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.DailyReportGenerated);
            Assert.Equal(DailyReportService.SystemActor, audit.Actor);
        }

        // The next day at 09:30, the report of the 15th.
        clock.Advance(new DateTimeOffset(2026, 1, 16, 9, 29, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await Task.Delay(200);
        Assert.Single(reports.Generated);
        await AdvanceMinuteAsync(clock);
        await GeneratorRig.WaitUntilAsync(() => reports.Generated.Count == 2, "the report of the 15th");
        Assert.Equal(new DateOnly(2026, 1, 15), reports.Generated[1].Date);
        Assert.Equal(2, channels.Delivered.Count);

        await controller.StopAsync(CancellationToken.None);
    }

    /// <summary>Moves the clock a minute and gives the loop a moment to run the tick (ticks that pile up are merged by the timer).</summary>
    private static async Task AdvanceMinuteAsync(ManualTimeProvider clock)
    {
        clock.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(10);
    }

    /// <summary>The real service, counting what the controller asks of it.</summary>
    private sealed class CountingReports(IDailyReports inner) : IDailyReports
    {
        private readonly List<(DateOnly Date, bool Send)> _generated = [];
        private int _lists;

        public int Lists => Volatile.Read(ref _lists);

        public IReadOnlyList<(DateOnly Date, bool Send)> Generated
        {
            get
            {
                lock (_generated)
                    return _generated.ToArray();
            }
        }

        public Task<Result<DailyReport>> GetAsync(DateOnly date, string? prompt, CancellationToken cancellationToken = default) => inner.GetAsync(date, prompt, cancellationToken);

        public Task<Result<string>> GetMarkdownAsync(DateOnly date, string? prompt, CancellationToken cancellationToken = default) => inner.GetMarkdownAsync(date, prompt, cancellationToken);

        public Task<IReadOnlyList<DailyReportSummary>> ListAsync(int take = 60, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _lists);
            return inner.ListAsync(take, cancellationToken);
        }

        public Task<Result<DailyReport>> GenerateAsync(DateOnly date, bool send, CancellationToken cancellationToken = default) =>
            GenerateAsync(date, send, DailyReportService.SystemActor, cancellationToken);

        public Task<Result<DailyReport>> GenerateAsync(DateOnly date, bool send, string actor, CancellationToken cancellationToken = default)
        {
            lock (_generated)
                _generated.Add((date, send));
            return inner.GenerateAsync(date, send, actor, cancellationToken);
        }
    }
}
