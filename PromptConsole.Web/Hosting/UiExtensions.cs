using PromptConsole.Web.Components;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Experiments;
using PromptConsole.Web.Model.Flags;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Model.Access;
using PromptConsole.Web.Model.Alerts;
using PromptConsole.Web.Model.Calibration;
using PromptConsole.Web.Model.Reports;
using PromptConsole.Web.Model.Slos;
using MudBlazor.Services;
using PromptConsole.Web.Components.Layout;

namespace PromptConsole.Web.Hosting;

public static class UiExtensions
{
    public static IServiceCollection AddPromptConsoleUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<ThemePreference>();

        // One instance per component that asks: each tab keeps its own state for the circuit's life.
        services.AddTransient<PromptListViewModel>();
        services.AddTransient<NewPromptViewModel>();
        services.AddTransient<PromptPageViewModel>();
        services.AddTransient<VersionsViewModel>();
        services.AddTransient<EditorViewModel>();
        services.AddTransient<DiffViewModel>();
        services.AddTransient<LabelsViewModel>();
        services.AddTransient<AuditViewModel>();
        services.AddTransient<IncidentsViewModel>();
        services.AddTransient<TryItViewModel>();
        services.AddTransient<ExecutionListViewModel>();
        services.AddTransient<ExecutionDetailViewModel>();
        services.AddTransient<OverviewViewModel>();
        services.AddTransient<TenantUsageViewModel>();
        services.AddTransient<PromptMetricsViewModel>();
        services.AddTransient<ExperimentListViewModel>();
        services.AddTransient<ExperimentPageViewModel>();
        services.AddTransient<GoldenSetViewModel>();
        services.AddTransient<DraftGoldenRunViewModel>();

        services.AddSingleton<IExperimentPlanningData, MetricsPlanningData>();
        services.AddSingleton<IExperimentWizardBackend, ExperimentServiceWizardBackend>();
        services.AddTransient<ExperimentWizardViewModel>();
        services.AddTransient<FlagListViewModel>();
        services.AddTransient<FlagEditorViewModel>();
        services.AddTransient<CanaryListViewModel>();
        services.AddTransient<CanaryPageViewModel>();
        services.AddTransient<StartCanaryViewModel>();
        services.AddTransient<CanaryAbortNoticesViewModel>();

        services.AddTransient<SloListViewModel>();
        services.AddTransient<SloFormViewModel>();
        services.AddTransient<SloPageViewModel>();
        services.AddTransient<ReliabilityOverviewViewModel>();
        services.AddTransient<AlertsViewModel>();
        services.AddTransient<PromptConsole.Web.Model.Caching.CachePageViewModel>();
        services.AddTransient<PromptConsole.Web.Model.Batches.BatchListViewModel>();
        services.AddTransient<PromptConsole.Web.Model.Batches.BatchDetailViewModel>();
        services.AddTransient<PromptConsole.Web.Model.Caching.PromptCacheViewModel>();
        services.AddTransient<PromptConsole.Web.Model.Caching.SemanticCacheViewModel>();
        services.AddTransient<PromptConsole.Web.Model.Caching.SemanticShadowResultsViewModel>();
        services.AddTransient<PromptConsole.Web.Model.Caching.ConversationSemanticCacheViewModel>();
        services.AddTransient<AlertRuleFormViewModel>();
        services.AddTransient<ChannelsViewModel>();
        services.AddTransient<ChannelFormViewModel>();
        services.AddTransient<ReportsViewModel>();
        services.AddTransient<CalibrationViewModel>();
        services.AddTransient<SignInViewModel>();
        services.AddTransient<UsersViewModel>();
        services.AddTransient<ApiKeysViewModel>();
        return services;
    }

    public static WebApplication MapPromptConsoleUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
