using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Hosting;

/// <summary>
/// Stands in for the alert service until it is built, so SLO statuses can be served: no rules, no alerts. Registered
/// only when nothing else registered an <see cref="IAlertService"/>. Delete this file (and its call in Program.cs)
/// once the real one is in.
/// </summary>
public sealed class AlertServiceStandIn : IAlertService
{
    private static readonly Error NotBuilt = Error.NotFound("alerts-not-available", "Alerts are not available in this build.");

    public Task<IReadOnlyList<AlertRuleView>> ListRulesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertRuleView>>([]);

    public Task<Result<AlertRuleView>> GetRuleAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<AlertRuleView>>(NotBuilt);

    public Task<Result<AlertRuleView>> CreateRuleAsync(AlertRuleCommand command, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<AlertRuleView>>(NotBuilt);

    public Task<Result<AlertRuleView>> UpdateRuleAsync(Guid id, AlertRuleCommand command, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<AlertRuleView>>(NotBuilt);

    public Task<Result<bool>> DeleteRuleAsync(Guid id, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<bool>>(NotBuilt);

    public Task<IReadOnlyList<AlertView>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertView>>([]);

    public Task<Result<AlertView>> GetAlertAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<AlertView>>(NotBuilt);

    public Task<Result<AlertView>> AcknowledgeAsync(Guid id, string actor, string? comment, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<AlertView>>(NotBuilt);

    public Task EvaluateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}

public static class AlertServiceStandInExtensions
{
    /// <summary>Registers <see cref="AlertServiceStandIn"/> unless an alert service is already registered; call it last.</summary>
    public static IServiceCollection AddPromptConsoleAlertServiceStandIn(this IServiceCollection services)
    {
        services.TryAddSingleton<IAlertService, AlertServiceStandIn>();
        return services;
    }
}
