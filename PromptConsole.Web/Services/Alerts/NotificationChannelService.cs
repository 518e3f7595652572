using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Notifications;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Alerts;

/// <summary>
/// Notification channels over EF Core and their delivery. Each change saves its row with its audit event
/// (<c>channel.*</c>). A delivery makes up to <see cref="DeliveryBackoff.MaxAttempts"/> attempts, waiting with the
/// backoff on the injected clock between retryable failures, and saves every attempt as it happens so the history holds
/// even if the process stops mid-delivery. Neither logs nor views carry a secret or a Slack URL's token.
/// </summary>
public sealed partial class NotificationChannelService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    NotificationSender sender,
    IOptions<NotificationOptions> options,
    JitterSource jitter,
    TimeProvider time,
    ILogger<NotificationChannelService> logger) : INotificationChannels, INotificationAttemptLog
{
    public const int MaxAttemptsPage = 500;

    public async Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.NotificationChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return rows.Select(r => r.ToView()).ToArray();
    }

    public async Task<Result<ChannelView>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return row is null ? NotFound(id) : row.ToView();
    }

    public async Task<Result<ChannelView>> CreateAsync(ChannelCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var definition = ChannelValidator.Validate(DraftOf(command));
        if (!definition.IsSuccess)
            return definition.Error!;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.NotificationChannels.AnyAsync(c => c.Name == definition.Value.Name, cancellationToken))
            return NameTaken(definition.Value.Name);

        var now = time.GetUtcNow();
        var row = NotificationChannelRow.New(definition.Value, actor, now);
        db.NotificationChannels.Add(row);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.ChannelCreated, null, Target(row), $"channel '{row.Name}' added: {Describe(row)}", null));
        if (await db.SaveOrConflictAsync(() => NameTaken(row.Name), cancellationToken) is { } conflict)
            return conflict;
        return row.ToView();
    }

    public async Task<Result<ChannelView>> UpdateAsync(Guid id, ChannelCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null)
            return NotFound(id);

        var definition = ChannelValidator.Validate(DraftOf(command, row));
        if (!definition.IsSuccess)
            return definition.Error!;
        if (await db.NotificationChannels.AnyAsync(c => c.Name == definition.Value.Name && c.Id != id, cancellationToken))
            return NameTaken(definition.Value.Name);

        var now = time.GetUtcNow();
        var before = row.Name;
        var secretChange = SecretChange(row.Secret, definition.Value.Secret);
        row.Apply(definition.Value, actor, now);
        var renamed = before == row.Name ? string.Empty : $" (renamed from '{before}')";
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.ChannelUpdated, null, Target(row), $"channel '{row.Name}' changed{renamed}: {Describe(row)}{secretChange}", null));
        if (await db.SaveOrConflictAsync(() => NameTaken(row.Name), cancellationToken) is { } conflict)
            return conflict;
        return row.ToView();
    }

    public async Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null)
            return NotFound(id);

        // Its attempts stay: they are part of the alerts' history.
        db.NotificationChannels.Remove(row);
        db.AuditEvents.Add(new AuditEvent(time.GetUtcNow(), actor, AuditActions.ChannelDeleted, null, Target(row), $"channel '{row.Name}' removed", null));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return DeliverAsync(channelId, message, evenIfDisabled: false, cancellationToken);
    }

    /// <summary>
    /// Sends kind <c>test</c> through the same path as an alert, retries included, so the outcome is what an alert would
    /// get. A disabled channel is tested too: checking a channel before switching it on is what the button is for.
    /// </summary>
    public async Task<Result<DeliveryOutcome>> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken = default)
    {
        var channel = await GetAsync(channelId, cancellationToken);
        if (!channel.IsSuccess)
            return channel.Error!;
        var message = new NotificationMessage(
            NotificationKinds.Test,
            "Test notification from PromptConsole",
            $"{actor} sent this test to the channel '{channel.Value.Name}'. If you can read it, the channel works.",
            null,
            new Dictionary<string, string?> { ["channel"] = channel.Value.Name, ["sentBy"] = actor });
        return await DeliverAsync(channelId, message, evenIfDisabled: true, cancellationToken);
    }

    public async Task<IReadOnlyList<NotificationAttemptView>> ListAttemptsAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.NotificationAttempts.AsNoTracking()
            .Where(a => a.AlertId == alertId)
            .OrderBy(a => a.At).ThenBy(a => a.Attempt)
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.ToView()).ToArray();
    }

    public async Task<Result<IReadOnlyList<NotificationAttemptView>>> ListForChannelAsync(Guid channelId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.NotificationChannels.AnyAsync(c => c.Id == channelId, cancellationToken))
            return NotFound(channelId);
        var rows = await db.NotificationAttempts.AsNoTracking()
            .Where(a => a.ChannelId == channelId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Attempt)
            .Take(Math.Clamp(take, 1, MaxAttemptsPage))
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.ToView()).ToArray();
    }

    private async Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, bool evenIfDisabled, CancellationToken cancellationToken)
    {
        NotificationChannelRow? channel;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            channel = await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null)
            return NotFound(channelId);
        if (!channel.Enabled && !evenIfDisabled)
            return new DeliveryOutcome(false, [], $"The channel '{channel.Name}' is disabled.");

        var backoff = options.Value.Backoff;
        var deliveryId = Guid.CreateVersion7(time.GetUtcNow());
        var body = channel.ChannelType == ChannelType.Slack
            ? NotificationBodies.Slack(message)
            : NotificationBodies.Webhook(message, deliveryId, time.GetUtcNow());
        var attempts = new List<NotificationAttemptView>();
        for (var number = 1; ; number++)
        {
            var at = time.GetUtcNow();
            var sent = await sender.SendAsync(channel.ChannelType, channel.Url, channel.Secret, message.Kind, deliveryId, body, cancellationToken);
            attempts.Add(await RecordAsync(new NotificationAttemptRow(deliveryId, channel.Id, channel.Name, message.AlertId, message.Kind, number, at, sent.Succeeded, sent.StatusCode, sent.Error), cancellationToken));
            if (sent.Succeeded)
                return new DeliveryOutcome(true, attempts);

            var retry = DeliveryBackoff.IsRetryable(sent.StatusCode) && backoff.MayRetryAfter(number);
            LogAttemptFailed(channel.Name, channel.Id, message.Kind, number, sent.StatusCode, sent.Error, retry);
            if (!retry)
            {
                var why = DeliveryBackoff.IsRetryable(sent.StatusCode) ? $"gave up after {number} attempts" : "not retried: the receiver refused the request";
                return new DeliveryOutcome(false, attempts, $"Not delivered ({why}): {sent.Error}");
            }

            // On the injected clock, so a test clock decides when the retry happens.
            await Task.Delay(backoff.DelayAfter(number, jitter.Next(), sent.RetryAfter), time, cancellationToken);
        }
    }

    private async Task<NotificationAttemptView> RecordAsync(NotificationAttemptRow attempt, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.NotificationAttempts.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        return attempt.ToView();
    }

    /// <summary>
    /// The draft a command makes. On an update an omitted secret keeps the stored one (views never show it, so a client
    /// cannot send it back), and "" removes it; a channel that becomes Slack drops it, Slack having no use for one. An
    /// omitted URL, or the masked one a view showed, keeps the stored URL for the same reason.
    /// </summary>
    private static ChannelDraft DraftOf(ChannelCommand command, NotificationChannelRow? existing = null)
    {
        if (existing is null)
            return new ChannelDraft(command.Name, command.Type, command.Url, command.Secret, command.DailyReport, command.Enabled);

        var becomesSlack = ChannelTypeNames.Parse(command.Type) == ChannelType.Slack;
        var secret = command.Secret ?? (becomesSlack ? null : existing.Secret);
        var url = command.Url is null || command.Url == ChannelUrls.Redact(existing.ChannelType, existing.Url) ? existing.Url : command.Url;
        return new ChannelDraft(command.Name, command.Type, url, secret, command.DailyReport, command.Enabled);
    }

    private static string SecretChange(string? before, string? after) => (before, after) switch
    {
        (null, null) => string.Empty,
        (null, _) => "; secret set",
        (_, null) => "; secret removed",
        _ when before == after => string.Empty,
        _ => "; secret replaced",
    };

    /// <summary>The audit's sentence: type, host only (a path may hold a token), and the switches.</summary>
    private static string Describe(NotificationChannelRow row)
    {
        var signing = row.Type == ChannelTypeNames.Slack ? string.Empty : row.Secret is null ? ", unsigned" : ", signed";
        var report = row.DailyReport ? ", receives the daily report" : string.Empty;
        return $"{row.Type} to {ChannelUrls.HostOf(row.Url)}{signing}, {(row.Enabled ? "enabled" : "disabled")}{report}";
    }

    private static string Target(NotificationChannelRow row) => $"channel:{row.Id}";

    private static Error NotFound(Guid id) =>
        new(ErrorKind.NotFound, "channel-not-found", $"There is no notification channel {id}.", [new FieldError("id", "No channel has this id.")]);

    private static Error NameTaken(string name) =>
        new(ErrorKind.Conflict, "channel-name-taken", $"A channel named '{name}' already exists.", [new FieldError("name", "Another channel has this name.")]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Kind} to channel '{ChannelName}' ({ChannelId}) failed at attempt {Attempt} (status {StatusCode}): {Error}; retrying: {Retrying}")]
    private partial void LogAttemptFailed(string channelName, Guid channelId, string kind, int attempt, int? statusCode, string? error, bool retrying);
}
