using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>Base for the experiment pages: the real view models over a fake service, a manual clock and the dialog host.</summary>
public abstract class ExperimentPageTest : MudComponentTest
{
    /// <summary>Who the pages act as: an Admin named oncall unless a test sets another role before rendering.</summary>
    protected FixedUser User { get; } = new("oncall");

    protected ExperimentPageTest()
    {
        Services.AddSingleton<IExperimentService>(Experiments);
        Services.AddSingleton<IConsoleUser>(User);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddTransient<ExperimentListViewModel>();
        Services.AddTransient<ExperimentPageViewModel>();
        // The experiment page follows a running experiment only in an interactive circuit. Last: this builds the services.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected FakeExperimentService Experiments { get; } = new();

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
