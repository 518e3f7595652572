using Bunit;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Components.Layout;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PromptConsole.Tests.Components.Rollouts;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rendering;

public class MainLayoutTests : MudComponentTest
{
    private readonly FakeCanaryService _canaries = new();

    private readonly FixedUser _user = new("oncall@example.com", ConsoleRole.Viewer);

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, false)]
    [InlineData(ConsoleRole.Admin, true)]
    public void The_app_bar_names_the_operator_and_role_and_only_admins_see_administration(ConsoleRole role, bool administration)
    {
        _user.Role = role;

        var layout = RenderLayout();

        Assert.Equal("oncall@example.com" + ConsoleRoles.NameOf(role), layout.Find("[data-testid=signed-in-user]").TextContent);
        Assert.NotNull(layout.Find("[data-testid=sign-out]"));
        Assert.Equal(administration, layout.FindAll("[data-testid=nav-users]").Count == 1);
        Assert.Equal(administration, layout.FindAll("[data-testid=nav-keys]").Count == 1);
    }

    [Fact]
    public void A_canary_aborted_a_few_minutes_ago_is_announced_above_every_page()
    {
        _canaries.Add(CanaryFixtures.Aborted("canary-recent", DateTimeOffset.UtcNow.AddMinutes(-5)));

        var layout = RenderLayout();

        layout.WaitForAssertion(() => Assert.Equal("canary-recent", layout.Find("[data-testid=canary-abort-notice]").GetAttribute("data-canary-key")));
        Assert.NotNull(layout.Find("#page-body"));
    }

    private IRenderedComponent<MainLayout> RenderLayout(bool simulatorServing = true, bool demoTraffic = false, string? savedTheme = null)
    {
        Services.AddSingleton<IModelCatalog>(new FakeModelCatalog(simulatorServing));
        Services.AddSingleton(Options.Create(new DemoTrafficOptions { Enabled = demoTraffic }));
        Services.AddScoped<ThemePreference>();
        Services.AddSingleton<IConsoleUser>(_user);
        Services.AddSingleton<ICanaryService>(_canaries);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddTransient<CanaryAbortNoticesViewModel>();
        // The canary abort notice reads canaries only in a live circuit, as the layout runs in one.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        JSInterop.Setup<string?>("localStorage.getItem", ThemePreference.StorageKey).SetResult(savedTheme);
        JSInterop.SetupVoid("localStorage.setItem", _ => true);
        RenderFragment body = b => b.AddMarkupContent(0, "<p id=\"page-body\">page</p>");
        return Render<MainLayout>(p => p.Add(l => l.Body, body));
    }

    [Fact]
    public void It_renders_the_app_bar_the_navigation_and_the_page_body()
    {
        var layout = RenderLayout();

        Assert.Contains("PromptConsole", layout.Find(".mud-appbar").TextContent, StringComparison.Ordinal);
        var links = layout.FindAll(".mud-nav-link").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Overview", "Prompts", "Executions", "Experiments", "Flags", "Releases", "Cache", "Batch jobs", "Usage by tenant", "Reliability", "SLOs", "Alerts", "Channels", "Daily reports"], links);
        Assert.NotNull(layout.Find("#page-body"));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void The_banners_show_exactly_while_the_simulator_serves_and_demo_traffic_runs(bool simulator, bool demo)
    {
        var layout = RenderLayout(simulator, demo);

        Assert.Equal(simulator, layout.FindAll("[data-testid=simulator-banner]").Count == 1);
        Assert.Equal(demo, layout.FindAll("[data-testid=demo-traffic-banner]").Count == 1);
    }

    [Fact]
    public void A_saved_dark_choice_is_applied_once_interactive_and_the_toggle_saves_the_new_choice()
    {
        var layout = RenderLayout(savedTheme: "dark");

        layout.WaitForAssertion(() => Assert.Equal("dark", layout.Find(".pc-shell").GetAttribute("data-theme")));
        Assert.Equal("true", layout.Find(".pc-shell").GetAttribute("data-interactive"));

        layout.Find("[data-testid=theme-toggle]").Click();

        layout.WaitForAssertion(() => Assert.Equal("light", layout.Find(".pc-shell").GetAttribute("data-theme")));
        var saved = JSInterop.VerifyInvoke("localStorage.setItem");
        Assert.Equal(["promptconsole.theme", "light"], saved.Arguments.Select(a => a?.ToString()));
    }

    [Fact]
    public void Without_a_saved_choice_the_light_theme_is_used_when_the_system_prefers_light()
    {
        var layout = RenderLayout(savedTheme: null);

        layout.WaitForAssertion(() => Assert.Equal("true", layout.Find(".pc-shell").GetAttribute("data-interactive")));
        Assert.Equal("light", layout.Find(".pc-shell").GetAttribute("data-theme"));
    }
}
