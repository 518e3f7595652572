using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Model.Caching;

/// <summary>
/// The prompt page's cache tab: switch the exact cache on or off, set its TTL (in seconds, 1 s to 30 days), purge
/// the prompt or one version, and see this instance's figures for the prompt.
/// </summary>
public sealed class PromptCacheViewModel(ICacheConsole cache, IConsoleUser user)
{
    private string _promptKey = string.Empty;

    public bool Enabled { get; set; }

    public int? TtlSeconds { get; set; } = ExactCacheSettings.DefaultTtlSeconds;

    public int? PurgeVersion { get; set; }

    public IReadOnlyList<int> Versions { get; private set; } = [];

    public PromptCacheRow? Figures { get; private set; }

    public ErrorView? Error { get; private set; }

    public string? Message { get; private set; }

    public bool Busy { get; private set; }

    public async Task LoadAsync(Prompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        _promptKey = prompt.Key;
        Enabled = prompt.ExactCacheEnabled;
        TtlSeconds = prompt.ExactCacheTtlSeconds;
        Versions = prompt.Versions.Select(v => v.Number).OrderDescending().ToArray();
        var state = await cache.GetAsync(prompt.Key, cancellationToken);
        Figures = state.IsSuccess ? PromptCacheRow.From(state.Value) : null;
    }

    /// <summary>Saves the settings; true when they changed (the page reloads the prompt then).</summary>
    public async Task<bool> SaveAsync(CancellationToken cancellationToken = default)
    {
        Busy = true;
        try
        {
            var saved = await cache.ConfigureAsync(_promptKey, Enabled, TtlSeconds, user.Name, cancellationToken);
            if (!saved.IsSuccess)
            {
                Error = ErrorView.From(saved.Error!);
                Message = null;
                return false;
            }

            Error = null;
            Figures = PromptCacheRow.From(saved.Value);
            Message = saved.Value.Settings.Enabled
                ? $"Exact cache on: identical requests are answered for {CachePageViewModel.TtlText(saved.Value.Settings.TtlSeconds)}."
                : "Exact cache off.";
            return true;
        }
        finally
        {
            Busy = false;
        }
    }

    public async Task PurgeAsync(CancellationToken cancellationToken = default)
    {
        var purge = await cache.PurgeAsync(_promptKey, PurgeVersion, user.Name, cancellationToken);
        if (!purge.IsSuccess)
        {
            Error = ErrorView.From(purge.Error!);
            Message = null;
            return;
        }

        Error = null;
        Message = PurgeVersion is { } version ? $"Purged the cached answers of v{version} on every instance." : "Purged every cached answer of this prompt on every instance.";
        var state = await cache.GetAsync(_promptKey, cancellationToken);
        Figures = state.IsSuccess ? PromptCacheRow.From(state.Value) : Figures;
    }
}
