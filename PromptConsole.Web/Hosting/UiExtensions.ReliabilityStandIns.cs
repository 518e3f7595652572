using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Reports;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Hosting;

// STAND-IN: in-memory reliability services so the console runs before the real SLO, alert, channel, calibration and
// report services are merged. Delete this file at the merge; the partial method call in UiExtensions then vanishes.
public static partial class UiExtensions
{
    static partial void AddReliabilityStandIns(IServiceCollection services)
    {
        services.TryAddSingleton<StandInReliability>();
        services.TryAddSingleton<ISloService>(sp => sp.GetRequiredService<StandInReliability>());
        services.TryAddSingleton<IAlertService>(sp => sp.GetRequiredService<StandInReliability>());
        services.TryAddSingleton<INotificationChannels>(sp => sp.GetRequiredService<StandInReliability>());
        services.TryAddSingleton<ICalibrationService>(sp => sp.GetRequiredService<StandInReliability>());
        services.TryAddSingleton<IDailyReports>(sp => sp.GetRequiredService<StandInReliability>());
    }
}

internal sealed class StandInReliability(TimeProvider time) : ISloService, IAlertService, INotificationChannels, ICalibrationService, IDailyReports
{
    private readonly ConcurrentDictionary<Guid, SloView> _slos = new();
    private readonly ConcurrentDictionary<Guid, AlertRuleView> _rules = new();
    private readonly ConcurrentDictionary<Guid, ChannelView> _channels = new();

    private static Error Missing(string what) => Error.NotFound("not-found", $"No {what} with this id.");

    Task<IReadOnlyList<SloView>> ISloService.ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SloView>>(_slos.Values.ToArray());

    Task<Result<SloView>> ISloService.GetAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_slos.TryGetValue(id, out var slo) ? (Result<SloView>)slo : Missing("SLO"));

    public Task<Result<SloView>> CreateAsync(SloCommand command, string actor, CancellationToken cancellationToken = default) => SaveSlo(Guid.NewGuid(), command);

    public Task<Result<SloView>> UpdateAsync(Guid id, SloCommand command, string actor, CancellationToken cancellationToken = default) =>
        _slos.ContainsKey(id) ? SaveSlo(id, command) : Task.FromResult<Result<SloView>>(Missing("SLO"));

    private Task<Result<SloView>> SaveSlo(Guid id, SloCommand c)
    {
        var fields = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(c.Name))
            fields.Add(new FieldError("name", "Give the SLO a name."));
        if (c.Objective is not (> 0 and < 100))
            fields.Add(new FieldError("objective", "The objective is a percentage strictly between 0 and 100."));
        if (fields.Count > 0)
            return Task.FromResult<Result<SloView>>(Error.Validation("validation", "The SLO was not saved.", fields));
        var now = time.GetUtcNow();
        var slo = new SloView(id, c.Name!, c.Prompt, c.Indicator ?? "availability", c.Objective!.Value, c.PeriodDays ?? 28, c.LatencyThresholdMs, c.QualityThreshold, now, now);
        _slos[id] = slo;
        return Task.FromResult<Result<SloView>>(slo);
    }

    Task<Result<bool>> ISloService.DeleteAsync(Guid id, string actor, CancellationToken cancellationToken) =>
        Task.FromResult(_slos.TryRemove(id, out _) ? (Result<bool>)true : Missing("SLO"));

    public Task<Result<SloStatusView>> GetStatusAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_slos.TryGetValue(id, out var slo) ? (Result<SloStatusView>)StatusOf(slo) : Missing("SLO"));

    public Task<IReadOnlyList<SloStatusView>> ListStatusesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SloStatusView>>(_slos.Values.Select(StatusOf).ToArray());

    private SloStatusView StatusOf(SloView slo) => new(slo.Id, slo.Name, slo.Prompt, slo.Indicator, slo.Objective, slo.PeriodDays, 1, null, 0, 0,
        new Dictionary<string, double?> { ["5m"] = null, ["30m"] = null, ["1h"] = null, ["6h"] = null, ["1d"] = null, ["3d"] = null }, null, null, [], time.GetUtcNow());

    public Task<Result<IReadOnlyList<SloBurnPoint>>> GetBurnSeriesAsync(Guid id, TimeSpan range, CancellationToken cancellationToken = default) =>
        Task.FromResult(_slos.ContainsKey(id) ? (Result<IReadOnlyList<SloBurnPoint>>)Array.Empty<SloBurnPoint>() : Missing("SLO"));

    public Task<string> GetPrometheusRulesAsync(CancellationToken cancellationToken = default) => Task.FromResult("groups: []\n");

    public Task<IReadOnlyList<AlertRuleView>> ListRulesAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AlertRuleView>>(_rules.Values.ToArray());

    public Task<Result<AlertRuleView>> GetRuleAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rules.TryGetValue(id, out var rule) ? (Result<AlertRuleView>)rule : Missing("alert rule"));

    public Task<Result<AlertRuleView>> CreateRuleAsync(AlertRuleCommand command, string actor, CancellationToken cancellationToken = default) => SaveRule(Guid.NewGuid(), command);

    public Task<Result<AlertRuleView>> UpdateRuleAsync(Guid id, AlertRuleCommand command, string actor, CancellationToken cancellationToken = default) =>
        _rules.ContainsKey(id) ? SaveRule(id, command) : Task.FromResult<Result<AlertRuleView>>(Missing("alert rule"));

    private Task<Result<AlertRuleView>> SaveRule(Guid id, AlertRuleCommand c)
    {
        if (string.IsNullOrWhiteSpace(c.Name))
            return Task.FromResult<Result<AlertRuleView>>(Error.Validation("validation", "The alert rule was not saved.", [new FieldError("name", "Give the rule a name.")]));
        var now = time.GetUtcNow();
        var rule = new AlertRuleView(id, c.Name, c.Prompt, c.Condition ?? "error-rate-spike", c.Threshold ?? 0, c.Window ?? "5m", c.Severity ?? "page",
            c.Actions ?? [], c.Channels ?? [], c.EscalationChannel, c.EscalateAfter, c.RepeatEvery, c.Label, c.Evaluator, c.Enabled ?? true, c.Slo, now, now);
        _rules[id] = rule;
        return Task.FromResult<Result<AlertRuleView>>(rule);
    }

    public Task<Result<bool>> DeleteRuleAsync(Guid id, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rules.TryRemove(id, out _) ? (Result<bool>)true : Missing("alert rule"));

    public Task<IReadOnlyList<AlertView>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AlertView>>([]);

    public Task<Result<AlertView>> GetAlertAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<Result<AlertView>>(Missing("alert"));

    public Task<Result<AlertView>> AcknowledgeAsync(Guid id, string actor, string? comment, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<AlertView>>(Missing("alert"));

    public Task EvaluateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    Task<IReadOnlyList<ChannelView>> INotificationChannels.ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChannelView>>(_channels.Values.ToArray());

    Task<Result<ChannelView>> INotificationChannels.GetAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_channels.TryGetValue(id, out var channel) ? (Result<ChannelView>)channel : Missing("channel"));

    public Task<Result<ChannelView>> CreateAsync(ChannelCommand command, string actor, CancellationToken cancellationToken = default) => SaveChannel(Guid.NewGuid(), command, false);

    public Task<Result<ChannelView>> UpdateAsync(Guid id, ChannelCommand command, string actor, CancellationToken cancellationToken = default) =>
        _channels.TryGetValue(id, out var old) ? SaveChannel(id, command, old.HasSecret) : Task.FromResult<Result<ChannelView>>(Missing("channel"));

    private Task<Result<ChannelView>> SaveChannel(Guid id, ChannelCommand c, bool hadSecret)
    {
        if (string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.Url))
            return Task.FromResult<Result<ChannelView>>(Error.Validation("validation", "The channel was not saved.", [new FieldError(string.IsNullOrWhiteSpace(c.Name) ? "name" : "url", "Required.")]));
        var now = time.GetUtcNow();
        var channel = new ChannelView(id, c.Name, c.Type ?? "webhook", c.Url, hadSecret || !string.IsNullOrEmpty(c.Secret), c.DailyReport ?? false, c.Enabled ?? true, now, now);
        _channels[id] = channel;
        return Task.FromResult<Result<ChannelView>>(channel);
    }

    Task<Result<bool>> INotificationChannels.DeleteAsync(Guid id, string actor, CancellationToken cancellationToken) =>
        Task.FromResult(_channels.TryRemove(id, out _) ? (Result<bool>)true : Missing("channel"));

    public Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, CancellationToken cancellationToken = default) => NotDelivered(channelId, message.Kind);

    public Task<Result<DeliveryOutcome>> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken = default) => NotDelivered(channelId, "test");

    private Task<Result<DeliveryOutcome>> NotDelivered(Guid channelId, string kind)
    {
        if (!_channels.TryGetValue(channelId, out var channel))
            return Task.FromResult<Result<DeliveryOutcome>>(Missing("channel"));
        var attempt = new NotificationAttemptView(Guid.NewGuid(), channelId, channel.Name, kind, 1, time.GetUtcNow(), false, null, "Delivery is not available in this build.");
        return Task.FromResult<Result<DeliveryOutcome>>(new DeliveryOutcome(false, [attempt]));
    }

    public Task<IReadOnlyList<NotificationAttemptView>> ListAttemptsAsync(Guid alertId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<NotificationAttemptView>>([]);

    Task<Result<PromptCalibration>> ICalibrationService.GetAsync(string promptKey, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return Task.FromResult<Result<PromptCalibration>>(new PromptCalibration(promptKey, now - window, now, []));
    }

    Task<Result<DailyReport>> IDailyReports.GetAsync(DateOnly date, string? prompt, CancellationToken cancellationToken) =>
        Task.FromResult<Result<DailyReport>>(Error.NotFound("report-not-found", $"No daily report for {date:yyyy-MM-dd}."));

    public Task<Result<string>> GetMarkdownAsync(DateOnly date, string? prompt, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<string>>(Error.NotFound("report-not-found", $"No daily report for {date:yyyy-MM-dd}."));

    Task<IReadOnlyList<DailyReportSummary>> IDailyReports.ListAsync(int take, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DailyReportSummary>>([]);

    public Task<Result<DailyReport>> GenerateAsync(DateOnly date, bool send, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<DailyReport>>(Error.NotFound("report-not-found", "Reports are not available in this build."));
}
