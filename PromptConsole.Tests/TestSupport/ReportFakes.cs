using System.Collections.Concurrent;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.TestSupport;

/// <summary>Channels kept in memory; every delivery is recorded with the channel it went to.</summary>
public sealed class RecordingNotificationChannels(params ChannelView[] channels) : INotificationChannels
{
    private readonly ConcurrentQueue<(Guid Channel, NotificationMessage Message)> _delivered = new();

    public IReadOnlyList<(Guid Channel, NotificationMessage Message)> Delivered => _delivered.ToArray();

    public static ChannelView Channel(string name, bool dailyReport, bool enabled = true) =>
        new(Guid.NewGuid(), name, "webhook", $"https://hooks.example/{name}", false, dailyReport, enabled, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    public Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ChannelView>>(channels);

    public Task<Result<ChannelView>> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(channels.FirstOrDefault(c => c.Id == id) is { } channel ? Result<ChannelView>.Success(channel) : Error.NotFound("channel-not-found", "No such channel."));

    public Task<Result<ChannelView>> CreateAsync(ChannelCommand command, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<ChannelView>> UpdateAsync(Guid id, ChannelCommand command, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        _delivered.Enqueue((channelId, message));
        return Task.FromResult(Result<DeliveryOutcome>.Success(new DeliveryOutcome(true, [])));
    }

    public Task<Result<DeliveryOutcome>> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<NotificationAttemptView>> ListAttemptsAsync(Guid alertId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<NotificationAttemptView>>([]);
}

/// <summary>SLOs with fixed statuses.</summary>
public sealed class FixedSloEvaluator(params SloStatusView[] statuses) : ISloEvaluator
{
    public static SloStatusView Status(string name, string? prompt, double objective, double budgetRemaining) => new(
        Guid.NewGuid(), name, prompt, "availability", objective, 30, budgetRemaining, 0.999, 1000, 1,
        new Dictionary<string, double?>(), null, null, [], DateTimeOffset.UnixEpoch);

    public Task<IReadOnlyList<SloStatusView>> EvaluateAllAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SloStatusView>>(statuses);
}
