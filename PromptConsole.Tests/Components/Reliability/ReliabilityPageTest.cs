using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Components.Rendering;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Alerts;
using PromptConsole.Web.Model.Calibration;
using PromptConsole.Web.Model.Reports;
using PromptConsole.Web.Model.Slos;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Reports;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>Base for the reliability pages: the real view models over fakes of the services, a manual clock and the dialog host.</summary>
public abstract class ReliabilityPageTest : MudComponentTest
{
    /// <summary>Who the pages act as: an Admin named oncall unless a test sets another role before rendering.</summary>
    protected FixedUser User { get; } = new("oncall");

    protected ReliabilityPageTest()
    {
        Time.Advance(ReliabilityFixtures.Now - Time.GetUtcNow());
        AddReliabilityServices(Services, Slos, Alerts, Channels, Calibration, Reports);
        Services.AddSingleton<IConsoleUser>(User);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        // The pages refresh only in an interactive circuit. Last: this builds the services.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The services and view models every page over the reliability services needs (also used by the prompt and overview tests).</summary>
    internal static void AddReliabilityServices(IServiceCollection services, ISloService slos, IAlertService alerts, INotificationChannels channels,
        ICalibrationService calibration, IDailyReports reports)
    {
        services.AddSingleton(slos);
        services.AddSingleton(alerts);
        services.AddSingleton(channels);
        services.AddSingleton(calibration);
        services.AddSingleton(reports);
        services.AddTransient<SloListViewModel>();
        services.AddTransient<SloFormViewModel>();
        services.AddTransient<SloPageViewModel>();
        services.AddTransient<ReliabilityOverviewViewModel>();
        services.AddTransient<AlertsViewModel>();
        services.AddTransient<AlertRuleFormViewModel>();
        services.AddTransient<ChannelsViewModel>();
        services.AddTransient<ChannelFormViewModel>();
        services.AddTransient<ReportsViewModel>();
        services.AddTransient<CalibrationViewModel>();
    }

    protected FakeSloService Slos { get; } = new();

    protected FakeAlertService Alerts { get; } = new();

    protected FakeNotificationChannels Channels { get; } = new();

    protected FakeCalibrationService Calibration { get; } = new();

    protected FakeDailyReports Reports { get; } = new();

    internal ManualTimeProvider Time { get; } = new();

    protected IRenderedComponent<MudDialogProvider> RenderDialogs() => Render<MudDialogProvider>();

    protected static IElement ByTestId<T>(IRenderedComponent<T> component, string testId) where T : IComponent =>
        component.Find($"[data-testid='{testId}']");

    protected static IElement InputByTestId<T>(IRenderedComponent<T> component, string testId) where T : IComponent
    {
        var element = ByTestId(component, testId);
        return element.LocalName is "input" or "textarea" ? element : element.QuerySelector("textarea, input")!;
    }

    protected static bool Has<T>(IRenderedComponent<T> component, string testId) where T : IComponent =>
        component.FindAll($"[data-testid='{testId}']").Count > 0;
}
