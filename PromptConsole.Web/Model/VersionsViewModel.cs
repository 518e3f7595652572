using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model;

public sealed record VersionRow(
    int Number,
    string Author,
    DateTimeOffset CreatedAt,
    string? Note,
    string HashPrefix,
    bool Deprecated,
    IReadOnlyList<string> Labels);

/// <summary>The versions list, the selected version's content, and deprecation.</summary>
public sealed class VersionsViewModel(IPromptRegistry registry, IConsoleUser user)
{
    public const int HashPrefixLength = 12;

    private Prompt? _prompt;
    private int? _chosen;

    public IReadOnlyList<VersionRow> Rows { get; private set; } = [];

    public PromptVersion? Selected { get; private set; }

    public ErrorView? Error { get; private set; }

    public string? Status { get; private set; }

    public void Load(Prompt prompt)
    {
        _prompt = prompt;
        Rows = BuildRows(prompt);
        // Show the newest version (a new one appears selected) unless the operator chose one.
        Selected = (_chosen is { } chosen ? prompt.FindVersion(chosen) : null) ?? prompt.LatestVersion;
    }

    public void Select(int number)
    {
        if (_prompt?.FindVersion(number) is not { } version)
            return;
        _chosen = number;
        Selected = version;
    }

    public static IReadOnlyList<VersionRow> BuildRows(Prompt prompt)
    {
        var labelsByVersion = prompt.Labels
            .Where(l => l.VersionNumber is not null)
            .GroupBy(l => l.VersionNumber!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(l => l.Name).ToArray());

        return prompt.Versions
            .OrderByDescending(v => v.Number)
            .Select(v => new VersionRow(
                v.Number,
                v.Author,
                v.CreatedAt,
                v.Note,
                v.ContentHash.Length > HashPrefixLength ? v.ContentHash[..HashPrefixLength] : v.ContentHash,
                v.IsDeprecated,
                labelsByVersion.GetValueOrDefault(v.Number, [])))
            .ToArray();
    }

    /// <summary>Deprecating a version is an Operator's change; Viewers see the versions only.</summary>
    public bool CanDeprecate => user.CanOperate();

    /// <summary>True when the registry accepted the deprecation; the page then reloads the prompt.</summary>
    public async Task<bool> DeprecateAsync(int number, string? reason, CancellationToken cancellationToken = default)
    {
        if (_prompt is null)
            return false;
        if (!CanDeprecate)
        {
            Error = user.OperatorRequired();
            Status = null;
            return false;
        }

        Error = null;
        Status = null;
        var result = await registry.DeprecateAsync(_prompt.Key, number, reason, _prompt.Revision, user.Name, cancellationToken);
        if (!result.IsSuccess)
        {
            Error = ErrorView.From(result.Error!);
            return false;
        }

        Status = $"Version {number} is deprecated.";
        return true;
    }
}
