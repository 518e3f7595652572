using PromptConsole.Web.Components;
using PromptConsole.Web.Model;
using Radzen;

namespace PromptConsole.Web.Hosting;

public static class UiExtensions
{
    public static IServiceCollection AddPromptConsoleUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();

        services.AddSingleton<IConsoleUser, FixedConsoleUser>();

        // One instance per component that asks: each tab keeps its own state for the circuit's life.
        services.AddTransient<PromptListViewModel>();
        services.AddTransient<NewPromptViewModel>();
        services.AddTransient<PromptPageViewModel>();
        services.AddTransient<VersionsViewModel>();
        services.AddTransient<EditorViewModel>();
        services.AddTransient<DiffViewModel>();
        services.AddTransient<LabelsViewModel>();
        services.AddTransient<AuditViewModel>();
        services.AddTransient<TryItViewModel>();
        services.AddTransient<ExecutionListViewModel>();
        services.AddTransient<ExecutionDetailViewModel>();
        services.AddTransient<OverviewViewModel>();
        services.AddTransient<PromptMetricsViewModel>();
        return services;
    }

    public static WebApplication MapPromptConsoleUi(this WebApplication app)
    {
        // The Blazor script is generated into wwwroot at build time and is not always in the
        // static assets manifest of that same build, so plain static files serve it as well.
        app.UseStaticFiles();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
