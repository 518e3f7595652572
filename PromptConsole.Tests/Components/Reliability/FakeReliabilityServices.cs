using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Reports;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>
/// SLOs in memory: statuses and burn series are what a test planted; creates and updates answer with
/// <see cref="OnSave"/> when set (e.g. the service's field errors), otherwise store the command.
/// </summary>
public sealed class FakeSloService : ISloService
{
    private readonly Dictionary<Guid, SloView> _slos = [];
    private readonly Dictionary<Guid, SloStatusView> _statuses = [];
    private readonly Dictionary<Guid, IReadOnlyList<SloBurnPoint>> _series = [];

    public List<(string Action, Guid? Id, SloCommand? Command, string Actor)> Calls { get; } = [];

    public Func<SloCommand, Result<SloView>>? OnSave { get; set; }

    public Error? DeleteError { get; set; }

    public Error? StatusError { get; set; }

    public Error? SeriesError { get; set; }

    /// <summary>Thrown by the list reads while set (a database that went away).</summary>
    public Exception? ListFailure { get; set; }

    public List<TimeSpan> SeriesRanges { get; } = [];

    public void Add(SloView slo, SloStatusView? status = null, IReadOnlyList<SloBurnPoint>? series = null)
    {
        lock (_slos)
        {
            _slos[slo.Id] = slo;
            if (status is not null)
                _statuses[slo.Id] = status;
            if (series is not null)
                _series[slo.Id] = series;
        }
    }

    public void SetStatus(SloStatusView status)
    {
        lock (_slos)
            _statuses[status.Id] = status;
    }

    public Task<IReadOnlyList<SloView>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (ListFailure is { } failure)
            throw failure;
        lock (_slos)
            return Task.FromResult<IReadOnlyList<SloView>>(_slos.Values.ToArray());
    }

    public Task<Result<SloView>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_slos)
            return Task.FromResult(_slos.TryGetValue(id, out var slo) ? (Result<SloView>)slo : NotFound(id));
    }

    public Task<Result<SloView>> CreateAsync(SloCommand command, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Save("create", Guid.NewGuid(), command, actor));

    public Task<Result<SloView>> UpdateAsync(Guid id, SloCommand command, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Save("update", id, command, actor));

    private Result<SloView> Save(string action, Guid id, SloCommand command, string actor)
    {
        Calls.Add((action, id, command, actor));
        if (OnSave is { } onSave)
            return onSave(command);
        var slo = ReliabilityFixtures.Slo(id, command.Name ?? "unnamed", command.Prompt, command.Indicator ?? "availability", command.Objective ?? 0,
            command.PeriodDays ?? 28, command.LatencyThresholdMs, command.QualityThreshold);
        Add(slo, ReliabilityFixtures.Status(slo, budget: 1));
        return slo;
    }

    public Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        Calls.Add(("delete", id, null, actor));
        if (DeleteError is { } error)
            return Task.FromResult<Result<bool>>(error);
        lock (_slos)
        {
            _statuses.Remove(id);
            return Task.FromResult(_slos.Remove(id) ? (Result<bool>)true : NotFound(id));
        }
    }

    public Task<Result<SloStatusView>> GetStatusAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (StatusError is { } error)
            return Task.FromResult<Result<SloStatusView>>(error);
        lock (_slos)
            return Task.FromResult(_statuses.TryGetValue(id, out var status) ? (Result<SloStatusView>)status : NotFound(id));
    }

    public Task<IReadOnlyList<SloStatusView>> ListStatusesAsync(CancellationToken cancellationToken = default)
    {
        if (ListFailure is { } failure)
            throw failure;
        lock (_slos)
            return Task.FromResult<IReadOnlyList<SloStatusView>>(_statuses.Values.ToArray());
    }

    public Task<Result<IReadOnlyList<SloBurnPoint>>> GetBurnSeriesAsync(Guid id, TimeSpan range, CancellationToken cancellationToken = default)
    {
        SeriesRanges.Add(range);
        if (SeriesError is { } error)
            return Task.FromResult<Result<IReadOnlyList<SloBurnPoint>>>(error);
        lock (_slos)
            return Task.FromResult<Result<IReadOnlyList<SloBurnPoint>>>(_series.TryGetValue(id, out var series) ? (Result<IReadOnlyList<SloBurnPoint>>)Result<IReadOnlyList<SloBurnPoint>>.Success(series) : Array.Empty<SloBurnPoint>());
    }

    public Task<string> GetPrometheusRulesAsync(CancellationToken cancellationToken = default) => Task.FromResult("groups: []\n");

    private static Error NotFound(Guid id) => Error.NotFound("slo-not-found", $"No SLO with id {id}.");
}

/// <summary>
/// Alert rules and alerts in memory. Acknowledging a firing alert marks it acknowledged by the actor (a 409 with the
/// service's message otherwise, or <see cref="AcknowledgeError"/> when set); every call is recorded.
/// </summary>
public sealed class FakeAlertService : IAlertService
{
    private readonly Dictionary<Guid, AlertRuleView> _rules = [];
    private readonly List<AlertView> _alerts = [];

    public List<(string Action, Guid? Id, string? Comment, string Actor)> Calls { get; } = [];

    public List<AlertRuleCommand> RuleCommands { get; } = [];

    public List<AlertQuery> Queries { get; } = [];

    public Func<AlertRuleCommand, Result<AlertRuleView>>? OnSaveRule { get; set; }

    public Error? AcknowledgeError { get; set; }

    public Exception? ListFailure { get; set; }

    public void AddRule(AlertRuleView rule)
    {
        lock (_alerts)
            _rules[rule.Id] = rule;
    }

    public void AddAlert(AlertView alert)
    {
        lock (_alerts)
            _alerts.Add(alert);
    }

    public AlertView Alert(Guid id)
    {
        lock (_alerts)
            return _alerts.Single(a => a.Id == id);
    }

    public Task<IReadOnlyList<AlertRuleView>> ListRulesAsync(CancellationToken cancellationToken = default)
    {
        lock (_alerts)
            return Task.FromResult<IReadOnlyList<AlertRuleView>>(_rules.Values.ToArray());
    }

    public Task<Result<AlertRuleView>> GetRuleAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_alerts)
            return Task.FromResult(_rules.TryGetValue(id, out var rule) ? (Result<AlertRuleView>)rule : Error.NotFound("rule-not-found", "No such rule."));
    }

    public Task<Result<AlertRuleView>> CreateRuleAsync(AlertRuleCommand command, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(SaveRule("create-rule", Guid.NewGuid(), command, actor));

    public Task<Result<AlertRuleView>> UpdateRuleAsync(Guid id, AlertRuleCommand command, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(SaveRule("update-rule", id, command, actor));

    private Result<AlertRuleView> SaveRule(string action, Guid id, AlertRuleCommand command, string actor)
    {
        Calls.Add((action, id, null, actor));
        RuleCommands.Add(command);
        if (OnSaveRule is { } onSave)
            return onSave(command);
        var rule = new AlertRuleView(id, command.Name ?? "unnamed", command.Prompt, command.Condition ?? "error-rate-spike", command.Threshold ?? 0, command.Window ?? "5m",
            command.Severity ?? "page", command.Actions ?? [], command.Channels ?? [], command.EscalationChannel, command.EscalateAfter, command.RepeatEvery,
            command.Label, command.Evaluator, command.Enabled ?? true, command.Slo, ReliabilityFixtures.Now, ReliabilityFixtures.Now);
        AddRule(rule);
        return rule;
    }

    public Task<Result<bool>> DeleteRuleAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        Calls.Add(("delete-rule", id, null, actor));
        lock (_alerts)
            return Task.FromResult(_rules.Remove(id) ? (Result<bool>)true : Error.NotFound("rule-not-found", "No such rule."));
    }

    public Task<IReadOnlyList<AlertView>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        if (ListFailure is { } failure)
            throw failure;
        lock (_alerts)
        {
            Queries.Add(query);
            return Task.FromResult<IReadOnlyList<AlertView>>(_alerts
                .Where(a => query.Status is null || a.Status == query.Status)
                .Where(a => query.Prompt is null || a.Prompt == query.Prompt)
                .Where(a => query.SloId is null || a.SloId == query.SloId)
                .OrderByDescending(a => a.StartedAt)
                .ToArray());
        }
    }

    public Task<Result<AlertView>> GetAlertAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_alerts)
            return Task.FromResult(_alerts.FirstOrDefault(a => a.Id == id) is { } alert ? (Result<AlertView>)alert : Error.NotFound("alert-not-found", "No such alert."));
    }

    public Task<Result<AlertView>> AcknowledgeAsync(Guid id, string actor, string? comment, CancellationToken cancellationToken = default)
    {
        Calls.Add(("acknowledge", id, comment, actor));
        if (AcknowledgeError is { } error)
            return Task.FromResult<Result<AlertView>>(error);
        lock (_alerts)
        {
            var index = _alerts.FindIndex(a => a.Id == id);
            if (index < 0)
                return Task.FromResult<Result<AlertView>>(Error.NotFound("alert-not-found", "No such alert."));
            if (_alerts[index].Status != "firing")
                return Task.FromResult<Result<AlertView>>(Error.Conflict("alert-not-firing", $"The alert is {_alerts[index].Status}: only a firing alert can be acknowledged."));
            var acknowledged = _alerts[index] with { Status = "acknowledged", AcknowledgedAt = ReliabilityFixtures.Now, AcknowledgedBy = actor };
            _alerts[index] = acknowledged;
            return Task.FromResult<Result<AlertView>>(acknowledged);
        }
    }

    public Task EvaluateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>Channels in memory; "send test" answers <see cref="TestOutcome"/> (delivered on the second attempt by default).</summary>
public sealed class FakeNotificationChannels : INotificationChannels
{
    private readonly Dictionary<Guid, ChannelView> _channels = [];

    public List<(string Action, Guid? Id, ChannelCommand? Command, string Actor)> Calls { get; } = [];

    public Func<ChannelCommand, Result<ChannelView>>? OnSave { get; set; }

    public Func<Guid, Result<DeliveryOutcome>> TestOutcome { get; set; } = id =>
        new DeliveryOutcome(true, [ReliabilityFixtures.Attempt(1, false, "test", channelId: id), ReliabilityFixtures.Attempt(2, true, "test", channelId: id)]);

    public void Add(ChannelView channel)
    {
        lock (_channels)
            _channels[channel.Id] = channel;
    }

    public Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_channels)
            return Task.FromResult<IReadOnlyList<ChannelView>>(_channels.Values.ToArray());
    }

    public Task<Result<ChannelView>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_channels)
            return Task.FromResult(_channels.TryGetValue(id, out var channel) ? (Result<ChannelView>)channel : Error.NotFound("channel-not-found", "No such channel."));
    }

    public Task<Result<ChannelView>> CreateAsync(ChannelCommand command, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Save("create", Guid.NewGuid(), command, actor));

    public Task<Result<ChannelView>> UpdateAsync(Guid id, ChannelCommand command, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Save("update", id, command, actor));

    private Result<ChannelView> Save(string action, Guid id, ChannelCommand command, string actor)
    {
        Calls.Add((action, id, command, actor));
        if (OnSave is { } onSave)
            return onSave(command);
        var channel = new ChannelView(id, command.Name ?? "unnamed", command.Type ?? "webhook", command.Url ?? string.Empty, command.Secret is not null,
            command.DailyReport ?? false, command.Enabled ?? true, ReliabilityFixtures.Now, ReliabilityFixtures.Now);
        Add(channel);
        return channel;
    }

    public Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        Calls.Add(("delete", id, null, actor));
        lock (_channels)
            return Task.FromResult(_channels.Remove(id) ? (Result<bool>)true : Error.NotFound("channel-not-found", "No such channel."));
    }

    public Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult(TestOutcome(channelId));

    public Task<Result<DeliveryOutcome>> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken = default)
    {
        Calls.Add(("test", channelId, null, actor));
        return Task.FromResult(TestOutcome(channelId));
    }

    public Task<IReadOnlyList<NotificationAttemptView>> ListAttemptsAsync(Guid alertId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<NotificationAttemptView>>([]);
}

/// <summary>Calibration per prompt as planted; an unknown prompt is a 404 like the service's.</summary>
public sealed class FakeCalibrationService : ICalibrationService
{
    private readonly Dictionary<string, PromptCalibration> _prompts = new(StringComparer.Ordinal);

    public List<(string Prompt, TimeSpan Window)> Reads { get; } = [];

    public Error? NextError { get; set; }

    public void Add(PromptCalibration calibration) => _prompts[calibration.Prompt] = calibration;

    public Task<Result<PromptCalibration>> GetAsync(string promptKey, TimeSpan window, CancellationToken cancellationToken = default)
    {
        Reads.Add((promptKey, window));
        if (NextError is { } error)
            return Task.FromResult<Result<PromptCalibration>>(error);
        return Task.FromResult(_prompts.TryGetValue(promptKey, out var calibration)
            ? (Result<PromptCalibration>)calibration
            : new PromptCalibration(promptKey, ReliabilityFixtures.Now - window, ReliabilityFixtures.Now, []));
    }
}

/// <summary>Daily reports as planted; a day without one is the service's 404.</summary>
public sealed class FakeDailyReports : IDailyReports
{
    private readonly Dictionary<DateOnly, DailyReport> _reports = [];

    public List<DateOnly> Reads { get; } = [];

    public Exception? ListFailure { get; set; }

    public void Add(DailyReport report) => _reports[report.Date] = report;

    public Task<Result<DailyReport>> GetAsync(DateOnly date, string? prompt, CancellationToken cancellationToken = default)
    {
        Reads.Add(date);
        return Task.FromResult(_reports.TryGetValue(date, out var report)
            ? (Result<DailyReport>)report
            : Error.NotFound("report-not-found", $"No daily report for {date:yyyy-MM-dd}: the day has no executions yet."));
    }

    public Task<Result<string>> GetMarkdownAsync(DateOnly date, string? prompt, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<string>>("# report\n");

    public Task<IReadOnlyList<DailyReportSummary>> ListAsync(int take = 60, CancellationToken cancellationToken = default)
    {
        if (ListFailure is { } failure)
            throw failure;
        return Task.FromResult<IReadOnlyList<DailyReportSummary>>(_reports.Values
            .Select(r => ReliabilityFixtures.Summary(r.Date, r.Overall.Day.Executions)).OrderByDescending(s => s.Date).Take(take).ToArray());
    }

    public Task<Result<DailyReport>> GenerateAsync(DateOnly date, bool send, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<DailyReport>>(Error.NotFound("report-not-found", "not in the fake"));
}
