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
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

/// <summary>Base for the canary pages: the real view models over a fake canary service, a manual clock and the dialog host.</summary>
public abstract class CanaryPageTest : MudComponentTest
{
    /// <summary>Who the pages act as: an Admin named oncall unless a test sets another role before rendering.</summary>
    protected FixedUser User { get; } = new("oncall");

    protected CanaryPageTest()
    {
        Time.Advance(CanaryFixtures.Started.AddMinutes(15) - Time.GetUtcNow());
        Services.AddSingleton<ICanaryService>(Canaries);
        Services.AddSingleton<IAutomaticRollbacks>(Rollbacks);
        Services.AddSingleton<IConsoleUser>(User);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddTransient<CanaryListViewModel>();
        Services.AddTransient<CanaryPageViewModel>();
        Services.AddTransient<CanaryAbortNoticesViewModel>();
        // The pages follow live canaries only in an interactive circuit. Last: this builds the services.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected FakeCanaryService Canaries { get; } = new();

    protected FakeAutomaticRollbacks Rollbacks { get; } = new();

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
