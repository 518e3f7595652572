using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Components.Rendering;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Access;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Tests.Components.Access;

/// <summary>Base for the sign-in, users and API keys pages: the real view models over in-memory accounts and keys.</summary>
public abstract class AccessPageTest : MudComponentTest
{
    protected AccessPageTest()
    {
        Services.AddSingleton<IConsoleUser>(_ => User);
        Services.AddSingleton<IConsoleAccounts>(Accounts);
        Services.AddSingleton<IApiKeyService>(Keys);
        Services.AddSingleton<IOptions<AuthOptions>>(_ => Options.Create(Auth));
        Services.AddSingleton(LocalAdmin);
        Services.AddTransient<SignInViewModel>();
        Services.AddTransient<UsersViewModel>();
        Services.AddTransient<ApiKeysViewModel>();
    }

    protected FixedUser User { get; set; } = new("admin@example.test");

    protected FakeConsoleAccounts Accounts { get; } = new();

    protected FakeApiKeyService Keys { get; } = new();

    protected AuthOptions Auth { get; } = new();

    protected DevelopmentLocalAdmin LocalAdmin { get; } = new();

    /// <summary>Static pages read their query through [SupplyParameterFromQuery]: the address is set before rendering.</summary>
    protected void NavigateTo(string uri) => Services.GetRequiredService<NavigationManager>().NavigateTo(uri);

    protected static IElement ByTestId<T>(IRenderedComponent<T> component, string testId) where T : IComponent =>
        component.Find($"[data-testid='{testId}']");

    protected static IElement InputByTestId<T>(IRenderedComponent<T> component, string testId) where T : IComponent
    {
        var element = ByTestId(component, testId);
        return element.LocalName is "input" or "textarea" ? element : element.QuerySelector("input, textarea")
            ?? throw new InvalidOperationException($"No input inside {element.OuterHtml}");
    }

    /// <summary>The inline messages under the input of <paramref name="field"/>.</summary>
    protected static IReadOnlyList<string> FieldMessages<T>(IRenderedComponent<T> component, string field) where T : IComponent =>
        [.. component.FindAll($".pc-field-error[data-field='{field}']").Select(e => e.TextContent.Trim())];
}
