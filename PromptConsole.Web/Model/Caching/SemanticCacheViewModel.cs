using System.Globalization;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Model.Caching;

/// <summary>One row of the per-variable policy table: the declared type, the policy chosen here and its threshold.</summary>
public sealed class SemanticVariableRow(string name, string type, PolicySource source)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    /// <summary>Where the shown policy comes from when the page opened (type default, declaration, override).</summary>
    public PolicySource Source { get; } = source;

    /// <summary>"default" keeps the declaration's (or type's) policy; otherwise exact, semantic or ignore.</summary>
    public string Policy { get; set; } = Default;

    /// <summary>The policy it has without an override, for the "default (…)" choice.</summary>
    public string DefaultPolicy { get; init; } = "exact";

    public double? Threshold { get; set; }

    public const string Default = "default";

    public bool IsSemantic => Policy == "semantic" || (Policy == Default && DefaultPolicy == "semantic");
}

/// <summary>
/// The prompt page's semantic cache section: the mode (off, shadow, serve), the default threshold, each declared
/// variable's policy (default from its type, or exact, semantic, ignore) with an optional threshold, save; and this
/// instance's figures. Only an Operator may change it.
/// </summary>
public sealed class SemanticCacheViewModel(ISemanticCacheConsole semantic, IConsoleUser user)
{
    private string _promptKey = string.Empty;

    public static IReadOnlyList<string> Modes { get; } = ["off", "shadow", "serve"];

    public static IReadOnlyList<string> Policies { get; } = [SemanticVariableRow.Default, "exact", "semantic", "ignore"];

    public string Mode { get; set; } = "off";

    public double? Threshold { get; set; } = SemanticCacheSettings.DefaultThreshold;

    public IReadOnlyList<SemanticVariableRow> Variables { get; private set; } = [];

    public SemanticCacheFigures? Figures { get; private set; }

    public ErrorView? Error { get; private set; }

    public string? Message { get; private set; }

    public bool Busy { get; private set; }

    public bool CanChange => user.CanOperate();

    public async Task LoadAsync(Prompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        _promptKey = prompt.Key;
        var state = await semantic.GetAsync(prompt.Key, cancellationToken);
        if (!state.IsSuccess)
        {
            Error = ErrorView.From(state.Error!);
            return;
        }

        Show(state.Value);
    }

    /// <summary>Saves the mode, threshold and every row's override; true when saved (the page reloads the prompt then).</summary>
    public async Task<bool> SaveAsync(CancellationToken cancellationToken = default)
    {
        if (!CanChange)
        {
            Error = new ErrorView(Domain.Common.ErrorKind.Forbidden, "forbidden", "Only an Operator may change the semantic cache.", []);
            return false;
        }

        Busy = true;
        try
        {
            var variables = Variables.ToDictionary(
                row => row.Name,
                row => (SemanticVariableChange?)new SemanticVariableChange(row.Policy == SemanticVariableRow.Default ? null : row.Policy, row.IsSemantic ? row.Threshold : null),
                StringComparer.Ordinal);
            var change = new SemanticCacheChange(Mode: Mode, Threshold: Threshold, Variables: variables);
            var saved = await semantic.ConfigureAsync(_promptKey, change, user.Name, cancellationToken);
            if (!saved.IsSuccess)
            {
                Error = ErrorView.From(saved.Error!);
                Message = null;
                return false;
            }

            Error = null;
            Show(saved.Value);
            Message = SavedMessage("Semantic cache", saved.Value.Settings);
            return true;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>What a save says about the mode it left a semantic cache in; <paramref name="subject"/> names the cache.</summary>
    public static string SavedMessage(string subject, SemanticCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Mode switch
        {
            SemanticCacheMode.Shadow => $"{subject} in shadow: would-be hits are compared with the model's answers, nothing is served.",
            SemanticCacheMode.Serve => string.Create(CultureInfo.InvariantCulture, $"{subject} serving at threshold {settings.Threshold:0.###}."),
            _ => $"{subject} off.",
        };
    }

    private void Show(SemanticCacheState state)
    {
        Mode = SemanticCacheChange.NameOf(state.Settings.Mode);
        Threshold = state.Settings.Threshold;
        Figures = state.Figures;
        var defaults = state.Defaults.ToDictionary(d => d.Name, d => SemanticCacheChange.NameOf(d.Policy), StringComparer.Ordinal);
        Variables = state.Variables.Select(v =>
        {
            var overridden = state.Settings.Variables.GetValueOrDefault(v.Name);
            return new SemanticVariableRow(v.Name, v.Type.ToString().ToLowerInvariant(), v.Source)
            {
                Policy = overridden?.Policy is { } p ? SemanticCacheChange.NameOf(p) : SemanticVariableRow.Default,
                DefaultPolicy = defaults.GetValueOrDefault(v.Name) ?? SemanticCacheChange.NameOf(v.Policy),
                Threshold = overridden?.Threshold,
            };
        }).ToArray();
    }
}
