using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model;

/// <summary>The prompts table: the registry does the searching, so the list scales past what a page holds.</summary>
public sealed class PromptListViewModel(IPromptRegistry registry)
{
    private int _generation;

    public string Search { get; set; } = string.Empty;

    public IReadOnlyList<PromptSummary> Items { get; private set; } = [];

    public bool Loading { get; private set; }

    /// <summary>The search the shown items answer (null when unfiltered).</summary>
    public string? ShownSearch { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        // A slow earlier search must not overwrite the answer to a later one.
        var generation = ++_generation;
        var search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
        Loading = true;
        try
        {
            var items = await registry.ListAsync(search, cancellationToken);
            if (generation != _generation)
                return;
            Items = items;
            ShownSearch = search;
        }
        finally
        {
            if (generation == _generation)
                Loading = false;
        }
    }

    public Task SearchAsync(string search, CancellationToken cancellationToken = default)
    {
        Search = search;
        return LoadAsync(cancellationToken);
    }

    /// <summary>"production → v3, staging → v4", in label order.</summary>
    public static string DescribeLabels(PromptSummary prompt) =>
        string.Join(", ", prompt.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key} → v{l.Value}"));
}
