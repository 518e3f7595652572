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
    // bUnit waits 1 s by default. The suite runs test classes in parallel on two cores next to
    // PostgreSQL, Prometheus and Chromium, and a live page can render dozens of times before a wait's
    // first check gets its turn; a wait only takes long when the page is slow, never when it is right.
    static MudComponentTest() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected MudComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
