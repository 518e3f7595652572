using Microsoft.AspNetCore.Components;

namespace PromptConsole.Web.Components.Layout;

public partial class MainLayout
{
    private bool SidebarExpanded { get; set; } = true;

    /// <summary>
    /// Set once the circuit is connected: until then clicks go nowhere, so browser tests (and
    /// anyone curious) can wait for <c>data-interactive="true"</c>.
    /// </summary>
    private bool Interactive { get; set; }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Interactive = true;
            StateHasChanged();
        }
    }
}
