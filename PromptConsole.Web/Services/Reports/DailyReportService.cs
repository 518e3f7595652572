using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Services.Reports;

/// <summary>
/// Builds, keeps, serves and sends the daily report. A day can be reported once it is over (UTC); a past day not kept
/// yet is built on request without being kept, so reading never writes. Generating keeps the report (replacing the
/// day's earlier one), audits <c>report.daily-generated</c> and, when asked, sends the Markdown to every enabled channel
/// that wants the daily report. The SLO lines are the SLOs' budgets when the report is built (the evaluator has no
/// history), which the controller does just after the day ends.
/// </summary>
public sealed partial class DailyReportService(
    IDbContextFactory<PromptConsoleDbContext> contexts,
    DailyReportSources sources,
    CalibrationService calibration,
    ISloEvaluator slos,
    INotificationChannels channels,
    IOptions<ReportOptions> options,
    TimeProvider time,
    ILogger<DailyReportService> logger) : IDailyReports
{
    public const string SystemActor = "system";
    public const string NotificationKind = "daily-report";

    public async Task<Result<DailyReport>> GetAsync(DateOnly date, string? prompt, CancellationToken cancellationToken = default)
    {
        if (Refuse(date) is { } refused)
            return refused;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (prompt is not null && !await db.Prompts.AsNoTracking().AnyAsync(p => p.Key == prompt, cancellationToken))
            return Error.NotFound("prompt-not-found", $"There is no prompt '{prompt}'.");

        var kept = await db.DailyReports.AsNoTracking().Where(r => r.Date == date).Select(r => r.Body).SingleOrDefaultAsync(cancellationToken);
        var report = kept is not null
            ? JsonSerializer.Deserialize(kept, DailyReportJson.Default.DailyReport)!
            : await BuildAsync(date, cancellationToken);
        return prompt is null ? report : DailyReportBuilder.ForPrompt(report, prompt);
    }

    public async Task<Result<string>> GetMarkdownAsync(DateOnly date, string? prompt, CancellationToken cancellationToken = default)
    {
        var report = await GetAsync(date, prompt, cancellationToken);
        return report.Map(r => DailyReportMarkdown.Render(r, onlyPrompts: prompt is not null));
    }

    public async Task<IReadOnlyList<DailyReportSummary>> ListAsync(int take = 60, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DailyReports.AsNoTracking()
            .OrderByDescending(r => r.Date)
            .Take(Math.Clamp(take, 1, 1000))
            .Select(r => new { r.Date, r.GeneratedAt, r.Executions, r.ErrorRate, r.CostUsd })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new DailyReportSummary(r.Date, r.GeneratedAt, r.Executions, r.ErrorRate, r.CostUsd)).ToArray();
    }

    public Task<Result<DailyReport>> GenerateAsync(DateOnly date, bool send, CancellationToken cancellationToken = default) =>
        GenerateAsync(date, send, SystemActor, cancellationToken);

    public async Task<Result<DailyReport>> GenerateAsync(DateOnly date, bool send, string actor, CancellationToken cancellationToken = default)
    {
        if (Refuse(date) is { } refused)
            return refused;
        var report = await BuildAsync(date, cancellationToken);
        await KeepAsync(report, actor, cancellationToken);
        LogGenerated(date, report.Overall.Day.Executions);
        if (send)
            await SendAsync(report, cancellationToken);
        return report;
    }

    /// <summary>A day can be reported once it is over: today and later are refused, naming <c>date</c>.</summary>
    private Error? Refuse(DateOnly date)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (date < today)
            return null;
        return Error.Validation(
            "day-not-over",
            "A daily report covers a UTC day that is over.",
            [new FieldError("date", $"{DailyReportMarkdown.Day(date)} is not over yet (today is {DailyReportMarkdown.Day(today)} UTC); ask for {DailyReportMarkdown.Day(today.AddDays(-1))} or earlier.")]);
    }

    private async Task<DailyReport> BuildAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var generatedAt = time.GetUtcNow();
        var day = await sources.ReadAsync(date, cancellationToken);
        var previous = await sources.ReadAsync(date.AddDays(-1), cancellationToken);
        var (_, end) = DailyReportSources.DayRange(date);
        var statuses = await calibration.StatusesAsync(end.AddDays(-options.Value.CalibrationDays), end, cancellationToken);
        var budgets = await slos.EvaluateAllAsync(cancellationToken);
        return DailyReportBuilder.Build(date, generatedAt, day, previous, statuses, budgets);
    }

    private async Task KeepAsync(DailyReport report, string actor, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(report, DailyReportJson.Default.DailyReport);
        var figures = report.Overall.Day;
        var day = DailyReportMarkdown.Day(report.Date);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"daily report of {day}: {figures.Executions} executions, error rate {DailyReportMarkdown.Rate(figures.ErrorRate)}, cost {DailyReportMarkdown.Money(figures.CostUsd)}");

        // Two instances generating the same day meet at the unique date: the loser reads the winner's row and replaces it.
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var row = await db.DailyReports.SingleOrDefaultAsync(r => r.Date == report.Date, cancellationToken);
            if (row is null)
                db.DailyReports.Add(new DailyReportRow(Guid.CreateVersion7(report.GeneratedAt), report.Date, report.GeneratedAt, figures.Executions, figures.ErrorRate, figures.CostUsd, body));
            else
                row.Replace(report.GeneratedAt, figures.Executions, figures.ErrorRate, figures.CostUsd, body);
            db.AuditEvents.Add(new AuditEvent(time.GetUtcNow(), actor, AuditActions.DailyReportGenerated, null, $"report:{day}", summary, row is null ? null : "replaces the report kept earlier"));
            var conflict = await db.SaveOrConflictAsync(() => Error.Conflict("report-conflict", $"Another instance kept the report of {day} at the same time."), cancellationToken);
            if (conflict is null)
                return;
            if (attempt >= 3)
                throw new InvalidOperationException(conflict.Message);
        }
    }

    private async Task SendAsync(DailyReport report, CancellationToken cancellationToken)
    {
        var wanted = (await channels.ListAsync(cancellationToken)).Where(c => c.Enabled && c.DailyReport).ToArray();
        if (wanted.Length == 0)
            return;
        var day = DailyReportMarkdown.Day(report.Date);
        var figures = report.Overall.Day;
        var message = new NotificationMessage(
            NotificationKind,
            $"PromptConsole daily report {day}",
            DailyReportMarkdown.Render(report),
            null,
            new Dictionary<string, string?>
            {
                ["date"] = day,
                ["executions"] = figures.Executions.ToString(CultureInfo.InvariantCulture),
                ["errorRate"] = figures.ErrorRate?.ToString("R", CultureInfo.InvariantCulture),
                ["costUsd"] = figures.CostUsd.ToString(CultureInfo.InvariantCulture),
                ["format"] = "markdown",
            });
        foreach (var channel in wanted)
        {
            // One channel failing must not keep the report from the others; each delivery records its own attempts.
            var delivered = await channels.DeliverAsync(channel.Id, message, cancellationToken);
            if (!delivered.IsSuccess || !delivered.Value.Delivered)
                LogNotDelivered(day, channel.Name, delivered.Error?.Message ?? "every attempt failed");
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Daily report of {Date} generated ({Executions} executions)")]
    private partial void LogGenerated(DateOnly date, long executions);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "The daily report of {Date} did not reach channel {Channel}: {Reason}")]
    private partial void LogNotDelivered(string date, string channel, string reason);
}
