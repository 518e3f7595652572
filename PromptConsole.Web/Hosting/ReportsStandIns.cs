using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Hosting;

/// <summary>
/// Until the SLO evaluator and the notification channels are registered, the daily report runs against these: no SLOs,
/// no channels. Registered with TryAdd after everything else, so the real services win as soon as they exist; this
/// file and its call in Program.cs go away then.
/// </summary>
public static class ReportsStandIns
{
    public static IServiceCollection AddReportsStandIns(this IServiceCollection services)
    {
        services.TryAddSingleton<ISloEvaluator, SloEvaluatorStandIn>();
        services.TryAddSingleton<INotificationChannels, NotificationChannelsStandIn>();
        return services;
    }

    private sealed class SloEvaluatorStandIn : ISloEvaluator
    {
        public Task<IReadOnlyList<SloStatusView>> EvaluateAllAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SloStatusView>>([]);
    }

    private sealed class NotificationChannelsStandIn : INotificationChannels
    {
        private static readonly Error Missing = Error.NotFound("channel-not-found", "No notification channels are configured.");

        public Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ChannelView>>([]);

        public Task<Result<ChannelView>> GetAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<Result<ChannelView>>(Missing);

        public Task<Result<ChannelView>> CreateAsync(ChannelCommand command, string actor, CancellationToken cancellationToken = default) => Task.FromResult<Result<ChannelView>>(Missing);

        public Task<Result<ChannelView>> UpdateAsync(Guid id, ChannelCommand command, string actor, CancellationToken cancellationToken = default) => Task.FromResult<Result<ChannelView>>(Missing);

        public Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default) => Task.FromResult<Result<bool>>(Missing);

        public Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, CancellationToken cancellationToken = default) => Task.FromResult<Result<DeliveryOutcome>>(Missing);

        public Task<Result<DeliveryOutcome>> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken = default) => Task.FromResult<Result<DeliveryOutcome>>(Missing);

        public Task<IReadOnlyList<NotificationAttemptView>> ListAttemptsAsync(Guid alertId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<NotificationAttemptView>>([]);
    }
}
