using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.TestSupport;

/// <summary>Channels that always deliver: each delivery is kept (channel, message) and recorded as one attempt of its alert.</summary>
public sealed class FakeNotificationChannels : INotificationChannels
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, ChannelView> _channels = [];
    private readonly List<(Guid Channel, NotificationMessage Message)> _deliveries = [];

    public ChannelView Add(string name)
    {
        var now = DateTimeOffset.UtcNow;
        var channel = new ChannelView(Guid.NewGuid(), name, "webhook", $"https://hooks.example/{name}", true, false, true, now, now);
        lock (_gate)
            _channels[channel.Id] = channel;
        return channel;
    }

    public IReadOnlyList<(Guid Channel, NotificationMessage Message)> Deliveries
    {
        get
        {
            lock (_gate)
                return _deliveries.ToArray();
        }
    }

    /// <summary>The kinds delivered for one alert to one channel, in order.</summary>
    public IReadOnlyList<string> KindsFor(Guid alertId, Guid channel) =>
        Deliveries.Where(d => d.Channel == channel && d.Message.AlertId == alertId).Select(d => d.Message.Kind).ToArray();

    public Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<ChannelView>>(_channels.Values.ToArray());
    }

    public Task<Result<ChannelView>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_channels.TryGetValue(id, out var channel)
                ? Result<ChannelView>.Success(channel)
                : Result<ChannelView>.Failure(Error.NotFound("channel-not-found", $"There is no channel {id}.")));
        }
    }

    public Task<Result<ChannelView>> CreateAsync(ChannelCommand command, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<ChannelView>> UpdateAsync(Guid id, ChannelCommand command, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(channelId, out var channel))
                return Task.FromResult(Result<DeliveryOutcome>.Failure(Error.NotFound("channel-not-found", $"There is no channel {channelId}.")));
            _deliveries.Add((channelId, message));
            var attempt = new NotificationAttemptView(Guid.NewGuid(), channelId, channel.Name, message.Kind, 1, DateTimeOffset.UtcNow, true, 200, null);
            return Task.FromResult(Result<DeliveryOutcome>.Success(new DeliveryOutcome(true, [attempt])));
        }
    }

    public Task<Result<DeliveryOutcome>> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<NotificationAttemptView>> ListAttemptsAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var attempts = _deliveries.Where(d => d.Message.AlertId == alertId)
                .Select(d => new NotificationAttemptView(Guid.Empty, d.Channel, _channels[d.Channel].Name, d.Message.Kind, 1, DateTimeOffset.MinValue, true, 200, null))
                .ToArray();
            return Task.FromResult<IReadOnlyList<NotificationAttemptView>>(attempts);
        }
    }
}

/// <summary>SLOs whose burn a test sets: <see cref="Burn"/> plants a burn rate and the severity it calls for.</summary>
public sealed class FakeSloEvaluator : ISloEvaluator
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, SloStatusView> _slos = [];

    public Guid Add(string name, string? prompt)
    {
        var id = Guid.NewGuid();
        lock (_gate)
            _slos[id] = Status(id, name, prompt, null, 0);
        return id;
    }

    /// <summary><paramref name="burning"/> <c>page</c>, <c>ticket</c> or null (not burning) with the 1 h and 5 m burn rate.</summary>
    public void Burn(Guid id, string? burning, double burnRate)
    {
        lock (_gate)
        {
            var slo = _slos[id];
            _slos[id] = Status(id, slo.Name, slo.Prompt, burning, burnRate);
        }
    }

    public Task<IReadOnlyList<SloStatusView>> EvaluateAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<SloStatusView>>(_slos.Values.ToArray());
    }

    private static SloStatusView Status(Guid id, string name, string? prompt, string? burning, double burnRate) => new(
        id, name, prompt, "availability", 99.5, 30, 1 - burnRate / 100, 1 - burnRate * 0.005, 1000, (long)(burnRate * 5),
        new Dictionary<string, double?> { ["5m"] = burnRate, ["30m"] = burnRate / 2, ["1h"] = burnRate, ["6h"] = burnRate / 4, ["1d"] = null, ["3d"] = null },
        burning, burning is null ? null : $"burn rate {burnRate} over 1h and 5m", [], DateTimeOffset.UtcNow);
}
