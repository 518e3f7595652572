using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Batches;

namespace PromptConsole.Web.Components.Pages.Batches;

/// <summary>One batch job: counts and progress (read again while it runs), its results page by page, cancel and download.</summary>
public partial class BatchDetail : IAsyncDisposable
{
    private bool _disposed;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private BatchDetailViewModel Model { get; set; } = default!;

    /// <summary>Cancelling needs an Operator; Viewers see the job and its results.</summary>
    [Inject]
    private IConsoleUser User { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        await Model.LoadAsync(Id);
        if (RendererInfo.IsInteractive)
            Model.StartLiveRefresh(refresh => InvokeAsync(async () =>
            {
                if (_disposed)
                    return;
                await refresh();
                StateHasChanged();
            }));
    }

    private async Task CancelAsync()
    {
        if (User.CanOperate())
            await Model.CancelAsync(User.Name);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Model.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
