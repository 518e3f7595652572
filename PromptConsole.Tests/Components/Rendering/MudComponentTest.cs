using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>
/// Base for bUnit tests of MudBlazor components: MudBlazor's services, loose JS interop (MudBlazor
/// calls into its own script, which bUnit does not run), and asynchronous disposal — MudBlazor's
/// popover service can only be disposed asynchronously, which xunit 2 does through IAsyncLifetime.
/// </summary>
public abstract class MudComponentTest : BunitContext, IAsyncLifetime
{
    protected MudComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
