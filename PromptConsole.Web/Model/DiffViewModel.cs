using System.Globalization;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Model;

public enum DiffLineKind
{
    Unchanged,
    Added,
    Removed,
}

/// <summary>One line of a unified diff with its line number on each side (null on the side that lacks it).</summary>
public sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text);

public sealed record TextDiff(IReadOnlyList<DiffLine> Lines)
{
    public bool HasChanges => Lines.Any(l => l.Kind != DiffLineKind.Unchanged);

    public int Added => Lines.Count(l => l.Kind == DiffLineKind.Added);

    public int Removed => Lines.Count(l => l.Kind == DiffLineKind.Removed);

    /// <summary>A line diff that keeps whitespace differences: to a model, a changed indent is a changed prompt.</summary>
    public static TextDiff Compute(string? oldText, string? newText)
    {
        var model = new InlineDiffBuilder(new Differ()).BuildDiffModel(oldText ?? string.Empty, newText ?? string.Empty, ignoreWhitespace: false);
        var lines = new List<DiffLine>(model.Lines.Count);
        int oldNumber = 0, newNumber = 0;
        foreach (var piece in model.Lines)
        {
            switch (piece.Type)
            {
                case ChangeType.Inserted:
                    lines.Add(new DiffLine(DiffLineKind.Added, null, ++newNumber, piece.Text ?? string.Empty));
                    break;
                case ChangeType.Deleted:
                    lines.Add(new DiffLine(DiffLineKind.Removed, ++oldNumber, null, piece.Text ?? string.Empty));
                    break;
                case ChangeType.Imaginary:
                    break;
                default:
                    lines.Add(new DiffLine(DiffLineKind.Unchanged, ++oldNumber, ++newNumber, piece.Text ?? string.Empty));
                    break;
            }
        }

        return new TextDiff(lines);
    }
}

/// <summary>Compares any two versions of a prompt: template, system text and the settings around them.</summary>
public sealed class DiffViewModel
{
    private Prompt? _prompt;

    public IReadOnlyList<int> VersionNumbers { get; private set; } = [];

    public int? FromVersion { get; set; }

    public int? ToVersion { get; set; }

    /// <summary>True once the operator chose versions; until then the diff follows "previous → latest".</summary>
    public bool Picked { get; private set; }

    public TextDiff? Template { get; private set; }

    public TextDiff? SystemText { get; private set; }

    /// <summary>"model: gpt-4o-mini → gpt-4o" for each setting that differs.</summary>
    public IReadOnlyList<string> SettingChanges { get; private set; } = [];

    /// <summary>Starts on "previous → latest" and follows new versions; keeps the operator's picks while they still exist.</summary>
    public void Load(Prompt prompt)
    {
        _prompt = prompt;
        VersionNumbers = prompt.Versions.Select(v => v.Number).OrderByDescending(n => n).ToArray();
        if (!Picked
            || FromVersion is null || prompt.FindVersion(FromVersion.Value) is null
            || ToVersion is null || prompt.FindVersion(ToVersion.Value) is null)
        {
            Picked = false;
            ToVersion = VersionNumbers.Count > 0 ? VersionNumbers[0] : null;
            FromVersion = VersionNumbers.Count > 1 ? VersionNumbers[1] : ToVersion;
        }

        Compute();
    }

    /// <summary>The operator chose <see cref="FromVersion"/> and <see cref="ToVersion"/>.</summary>
    public void Pick()
    {
        Picked = true;
        Compute();
    }

    public void Compute()
    {
        var from = FromVersion is { } f ? _prompt?.FindVersion(f) : null;
        var to = ToVersion is { } t ? _prompt?.FindVersion(t) : null;
        if (from is null || to is null)
        {
            Template = SystemText = null;
            SettingChanges = [];
            return;
        }

        Template = TextDiff.Compute(from.Template, to.Template);
        SystemText = from.SystemText is null && to.SystemText is null ? null : TextDiff.Compute(from.SystemText, to.SystemText);
        SettingChanges = CompareSettings(from, to);
    }

    public static IReadOnlyList<string> CompareSettings(PromptVersion from, PromptVersion to)
    {
        var changes = new List<string>();
        void Compare(string name, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
                changes.Add($"{name}: {before ?? "(none)"} → {after ?? "(none)"}");
        }

        Compare("model", from.Model.Model, to.Model.Model);
        Compare("temperature", Format(from.Model.Temperature), Format(to.Model.Temperature));
        Compare("max tokens", Format(from.Model.MaxTokens), Format(to.Model.MaxTokens));
        Compare("fallbacks", JoinOrNull(from.Model.Fallbacks), JoinOrNull(to.Model.Fallbacks));
        Compare("variables", JoinOrNull(from.Variables.Select(DescribeVariable)), JoinOrNull(to.Variables.Select(DescribeVariable)));
        Compare("max length", Format(from.Checks.MaxLength), Format(to.Checks.MaxLength));
        Compare("regex", from.Checks.Regex, to.Checks.Regex);
        Compare("must be JSON", from.Checks.MustBeJson ? "yes" : "no", to.Checks.MustBeJson ? "yes" : "no");
        return changes;
    }

    private static string DescribeVariable(VariableDeclaration v) =>
        $"{v.Name}:{v.Type.ToString().ToLowerInvariant()}{(v.Required ? string.Empty : "?")}{(v.Default is null ? string.Empty : $"={v.Default}")}";

    private static string? JoinOrNull(IEnumerable<string> values)
    {
        var joined = string.Join(", ", values);
        return joined.Length == 0 ? null : joined;
    }

    private static string? Format(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Format(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
