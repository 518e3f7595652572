using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Hosting;

/// <summary>
/// Stand-ins for the channels, the SLO evaluator and the calibration service until their own registrations land: no
/// channels, no SLOs, no calibration data. Registered with TryAdd, so the real ones win wherever they are added first;
/// this file is deleted when they are merged.
/// </summary>
internal static class AlertDependencyStandIns
{
    public static IServiceCollection AddAlertDependencyStandIns(this IServiceCollection services)
    {
        services.TryAddSingleton<INotificationChannels, NotificationChannelsStandIn>();
        services.TryAddSingleton<ISloEvaluator, SloEvaluatorStandIn>();
        services.TryAddSingleton<ICalibrationService, CalibrationServiceStandIn>();
        return services;
    }

    private static Error Unavailable(string what) => Error.NotFound("not-available", $"{what} are not available in this build.");

    private sealed class NotificationChannelsStandIn : INotificationChannels
    {
        public Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ChannelView>>([]);

        public Task<Result<ChannelView>> GetAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<Result<ChannelView>>(Unavailable("Channels"));

        public Task<Result<ChannelView>> CreateAsync(ChannelCommand command, string actor, CancellationToken cancellationToken = default) => Task.FromResult<Result<ChannelView>>(Unavailable("Channels"));

        public Task<Result<ChannelView>> UpdateAsync(Guid id, ChannelCommand command, string actor, CancellationToken cancellationToken = default) => Task.FromResult<Result<ChannelView>>(Unavailable("Channels"));

        public Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default) => Task.FromResult<Result<bool>>(Unavailable("Channels"));

        public Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, CancellationToken cancellationToken = default) => Task.FromResult<Result<DeliveryOutcome>>(Unavailable("Channels"));

        public Task<Result<DeliveryOutcome>> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken = default) => Task.FromResult<Result<DeliveryOutcome>>(Unavailable("Channels"));

        public Task<IReadOnlyList<NotificationAttemptView>> ListAttemptsAsync(Guid alertId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<NotificationAttemptView>>([]);
    }

    private sealed class SloEvaluatorStandIn : ISloEvaluator
    {
        public Task<IReadOnlyList<SloStatusView>> EvaluateAllAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SloStatusView>>([]);
    }

    private sealed class CalibrationServiceStandIn : ICalibrationService
    {
        public Task<Result<PromptCalibration>> GetAsync(string promptKey, TimeSpan window, CancellationToken cancellationToken = default) =>
            Task.FromResult<Result<PromptCalibration>>(Unavailable("Calibrations"));
    }
}
