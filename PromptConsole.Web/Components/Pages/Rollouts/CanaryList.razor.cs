using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model.Rollouts;

namespace PromptConsole.Web.Components.Pages.Rollouts;

/// <summary>Every live canary and those that ended recently, read again every few seconds while shown.</summary>
public partial class CanaryList : IAsyncDisposable
{
    private bool _disposed;

    [Inject]
    private CanaryListViewModel Model { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await Model.LoadAllAsync();
        if (RendererInfo.IsInteractive)
            Model.StartLiveRefresh(refresh => InvokeAsync(async () =>
            {
                if (_disposed)
                    return;
                await refresh();
                StateHasChanged();
            }));
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Model.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
