using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Layout;

public partial class MainLayout
{
    [Inject] private ThemePreference ThemePreference { get; set; } = default!;

    [Inject] private IConsoleUser User { get; set; } = default!;

    private string RoleText => User.Role is { } role ? ConsoleRoles.NameOf(role) : "no role";

    private MudThemeProvider? ThemeProvider { get; set; }

    private bool DrawerOpen { get; set; } = true;

    private bool IsDarkMode { get; set; }

    /// <summary>
    /// Set once the circuit is connected: until then clicks go nowhere, so browser tests (and
    /// anyone curious) can wait for <c>data-interactive="true"</c>.
    /// </summary>
    private bool Interactive { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;

        // The choice lives in the browser (localStorage), so it is only known once the circuit is up;
        // without a saved choice the operating system's preference decides.
        var saved = await ThemePreference.LoadAsync();
        IsDarkMode = saved ?? (ThemeProvider is not null && await ThemeProvider.GetSystemDarkModeAsync());
        Interactive = true;
        StateHasChanged();
    }

    private void ToggleDrawer() => DrawerOpen = !DrawerOpen;

    private async Task ToggleThemeAsync()
    {
        IsDarkMode = !IsDarkMode;
        await ThemePreference.SaveAsync(IsDarkMode);
    }
}
