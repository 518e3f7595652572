using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Batches;

namespace PromptConsole.Web.Components.Pages.Batches;

/// <summary>The batch jobs with their progress (read again while any runs) and starting one from an uploaded file.</summary>
public partial class BatchList : IAsyncDisposable
{
    private bool _disposed;

    [Inject]
    private BatchListViewModel Model { get; set; } = default!;

    /// <summary>Viewers see the jobs; starting one needs an Operator.</summary>
    [Inject]
    private IConsoleUser User { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await Model.LoadAsync();
        if (RendererInfo.IsInteractive)
            Model.StartLiveRefresh(refresh => InvokeAsync(async () =>
            {
                if (_disposed)
                    return;
                await refresh();
                StateHasChanged();
            }));
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null || !User.CanOperate())
            return;
        await using var stream = file.OpenReadStream(Model.MaxFileBytes);
        var content = await Model.ReadFileAsync(stream, file.Size);
        if (content is not null)
            await Model.StartAsync(file.Name, content, User.Name);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Model.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
