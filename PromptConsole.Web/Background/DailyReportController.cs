using Microsoft.Extensions.Options;
using PromptConsole.Domain.Reports;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Web.Background;

/// <summary>
/// Generates and sends the report of the day before once the configured time of day (UTC, on the injected clock) has
/// passed, once per day: a day already kept is skipped, so restarts and further ticks do not send it again. An
/// instance started late in the day still catches up on yesterday. Two instances ticking at the same moment may both
/// generate; the second replaces the first's row (see <see cref="DailyReportService"/>), and channels may get it twice;
/// on PostgreSQL only the elected leader ticks, which leaves that only for the moment of a fail-over.
/// </summary>
public sealed partial class DailyReportController : PeriodicBackgroundService
{
    private readonly IDailyReports _reports;
    private readonly IOptions<ReportOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DailyReportController> _logger;

    public DailyReportController(
        IDailyReports reports,
        IOptions<ReportOptions> options,
        TimeProvider time,
        ILogger<DailyReportController> logger,
        ILeadership? leadership = null)
        : base(time, leadership)
    {
        _reports = reports;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override TimeSpan Interval => _options.Value.CheckInterval;

    protected override bool RunsAtStart => true;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (DailyReportSchedule.Due(_time.GetUtcNow(), _options.Value.DailyAt) is not { } day)
            return;
        var kept = await _reports.ListAsync(7, cancellationToken);
        if (kept.Any(r => r.Date == day))
            return;
        var generated = await _reports.GenerateAsync(day, send: true, DailyReportService.SystemActor, cancellationToken);
        if (!generated.IsSuccess)
            LogRefused(day, generated.Error!.Message);
    }

    protected override void OnTickFailed(Exception exception) => LogTickFailed(exception);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "The daily report of {Date} was refused: {Reason}")]
    private partial void LogRefused(DateOnly date, string reason);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "The daily report check failed; it runs again at the next tick")]
    private partial void LogTickFailed(Exception exception);
}
