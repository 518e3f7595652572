using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model;

/// <summary>The prompt page's copy of the aggregate; tabs read it and ask for a reload after they change something.</summary>
public sealed class PromptPageViewModel(IPromptRegistry registry)
{
    public string Key { get; private set; } = string.Empty;

    public Prompt? Prompt { get; private set; }

    public ErrorView? Error { get; private set; }

    public bool Loaded { get; private set; }

    public async Task LoadAsync(string key, CancellationToken cancellationToken = default)
    {
        Key = key;
        var result = await registry.GetAsync(key, cancellationToken);
        if (result.IsSuccess)
        {
            Prompt = result.Value;
            Error = null;
        }
        else
        {
            Prompt = null;
            Error = ErrorView.From(result.Error!);
        }

        Loaded = true;
    }

    public Task ReloadAsync(CancellationToken cancellationToken = default) => LoadAsync(Key, cancellationToken);
}
