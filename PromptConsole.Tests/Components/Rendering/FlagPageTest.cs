using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model.Flags;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>Base for the flag pages: the real view models over in-memory prompts and flags.</summary>
public abstract class FlagPageTest : PromptPageTest
{
    protected FlagPageTest()
    {
        Flags = new InMemoryFlagRegistry(Registry);
        Evaluation = new FakeFlagEvaluationService(Flags);
        Services.AddSingleton<IFlagRegistry>(_ => Flags);
        Services.AddSingleton<IFlagEvaluationService>(_ => Evaluation);
        Services.AddTransient<FlagListViewModel>();
        Services.AddTransient<FlagEditorViewModel>();
    }

    protected InMemoryFlagRegistry Flags { get; private set; }

    protected FakeFlagEvaluationService Evaluation { get; private set; }

    /// <summary>Prompt greeting (production on v2) with a standard flag and a kill switch for it.</summary>
    protected async Task SeedAsync(bool killSwitchEnabled = false)
    {
        (Registry, Flags) = await FlagFixtures.SeedAsync(killSwitchEnabled);
        Evaluation = new FakeFlagEvaluationService(Flags);
    }
}
