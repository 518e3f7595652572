using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Templates;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Experiments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.GoldenSets;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>
/// Base for the prompt pages, dialogs and controls: the real view models over the in-memory
/// registry, a fake renderer, executor and model catalog, and the dialog provider that shows
/// MudBlazor dialogs (rendered beside the component under test, as the layout does).
/// </summary>
public abstract class PromptPageTest : MudComponentTest
{
    /// <summary>Who the pages act as: an Admin named oncall unless a test sets another role before rendering.</summary>
    protected FixedUser User { get; } = new("oncall");

    protected PromptPageTest()
    {
        Services.AddSingleton<IPromptRegistry>(_ => Registry);
        Services.AddSingleton<IConsoleUser>(User);
        Services.AddSingleton<ITemplateRenderer>(TemplateRenderer);
        Services.AddSingleton<IModelCatalog>(new FakeModelCatalog());
        Services.AddSingleton<IPromptExecutor>(Executor);
        Services.AddTransient<PromptListViewModel>();
        Services.AddTransient<NewPromptViewModel>();
        Services.AddTransient<PromptPageViewModel>();
        Services.AddTransient<VersionsViewModel>();
        Services.AddTransient<EditorViewModel>();
        Services.AddTransient<DiffViewModel>();
        Services.AddTransient<LabelsViewModel>();
        Services.AddTransient<AuditViewModel>();
        Services.AddTransient<TryItViewModel>();
        Services.AddSingleton<IExperimentService>(_ => Experiments);
        Services.AddTransient<ExperimentListViewModel>();
        Services.AddSingleton<IIncidentTimeline>(Incidents);
        Services.AddSingleton<IAutomaticRollbacks>(Rollbacks);
        Services.AddTransient<IncidentsViewModel>();
        Services.AddSingleton<IGoldenGate>(GoldenGate);
        Services.AddSingleton<IGoldenSetService>(Golden);
        Services.AddTransient<GoldenSetViewModel>();
        Services.AddTransient<DraftGoldenRunViewModel>();
        Services.AddSingleton<ICanaryService>(_ => Canaries);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddTransient<CanaryListViewModel>();
        Services.AddTransient<StartCanaryViewModel>();
        Services.AddSingleton<PromptConsole.Web.Services.Calibration.ICalibrationService>(Calibration);
        Services.AddTransient<PromptConsole.Web.Model.Calibration.CalibrationViewModel>();
        Services.AddSingleton<PromptConsole.Web.Services.Caching.ICacheConsole>(Cache);
        Services.AddTransient<PromptConsole.Web.Model.Caching.PromptCacheViewModel>();
        Services.AddTransient<PromptConsole.Web.Model.Caching.CachePageViewModel>();
        Services.AddSingleton<PromptConsole.Web.Services.Caching.ISemanticCacheConsole>(SemanticCache);
        Services.AddTransient<PromptConsole.Web.Model.Caching.SemanticCacheViewModel>();
        Services.AddSingleton<PromptConsole.Web.Services.Caching.ISemanticShadowResults>(ShadowResults);
        Services.AddTransient<PromptConsole.Web.Model.Caching.SemanticShadowResultsViewModel>();
        Services.AddSingleton<PromptConsole.Web.Services.Caching.IConversationCacheConsole>(ConversationCache);
        Services.AddTransient<PromptConsole.Web.Model.Caching.ConversationSemanticCacheViewModel>();
    }

    /// <summary>The cache page's semantic shadow results.</summary>
    protected FakeSemanticShadowResults ShadowResults { get; } = new();

    protected FakeConversationCacheConsole ConversationCache { get; } = new();

    /// <summary>The cache page and the Cache tab read and change settings here.</summary>
    protected FakeCacheConsole Cache { get; } = new();

    /// <summary>The Cache tab's semantic section reads and changes settings here.</summary>
    protected FakeSemanticCacheConsole SemanticCache { get; } = new();

    /// <summary>The Calibration tab reads the prompt's calibration from here.</summary>
    protected Reliability.FakeCalibrationService Calibration { get; } = new();

    /// <summary>The Incidents tab reads the timeline and the automation status from these.</summary>
    protected FakeIncidentTimeline Incidents { get; } = new();

    protected FakeAutomaticRollbacks Rollbacks { get; } = new();

    /// <summary>The golden gate the labels tab's deploy passes; it refuses when a test sets its refusal.</summary>
    protected FakeGoldenGate GoldenGate { get; } = new();

    /// <summary>The prompt's golden set, in memory; runs judge cases with the real evaluator.</summary>
    protected FakeGoldenSetService Golden { get; } = new();

    /// <summary>The prompt page shows the prompt's live canary from here, and the start dialog starts them here.</summary>
    protected Rollouts.FakeCanaryService Canaries { get; } = new();

    /// <summary>The prompt page lists the prompt's running experiments from here.</summary>
    protected FakeExperimentService Experiments { get; } = new();

    protected InMemoryPromptRegistry Registry { get; set; } = new();

    protected FakeTemplateRenderer TemplateRenderer { get; } = new();

    protected FakePromptExecutor Executor { get; } = new();

    /// <summary>The dialog host; dialogs opened by the component under test render inside it.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogs() => Render<MudDialogProvider>();

    protected IDialogService DialogService => Services.GetRequiredService<IDialogService>();

    /// <summary>Renders one prompt tab with the registry's current copy of the prompt; <paramref name="changed"/> counts Changed callbacks.</summary>
    protected async Task<IRenderedComponent<TTab>> RenderTabAsync<TTab>(string key, Action? changed = null)
        where TTab : Web.Components.Pages.Prompts.PromptTabBase
    {
        var prompt = await Registry.PromptAsync(key);
        return Render<TTab>(p => p
            .Add(t => t.Prompt, prompt)
            .Add(t => t.Changed, EventCallback.Factory.Create(this, () => changed?.Invoke())));
    }

    /// <summary>The editable element behind a test id: the element itself when it is an input, else the input inside it.</summary>
    protected static IElement Field(IElement element) =>
        element.LocalName is "input" or "textarea" ? element : element.QuerySelector("textarea, input") ?? throw new InvalidOperationException($"No input inside {element.OuterHtml}");

    protected static IElement ByTestId<T>(IRenderedComponent<T> component, string testId) where T : IComponent =>
        component.Find($"[data-testid='{testId}']");

    protected static IElement InputByTestId<T>(IRenderedComponent<T> component, string testId) where T : IComponent =>
        Field(component.Find($"[data-testid='{testId}']"));

    protected static VersionDraft Draft(string template, params VariableDeclaration[] variables) => PromptFixtures.Draft(template, variables);
}
