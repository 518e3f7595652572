using PromptConsole.Domain.Flags;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Web.Model.Flags;

/// <summary>One flag as the list shows it.</summary>
public sealed record FlagRow(FeatureFlag Flag, int Revision, DateTimeOffset UpdatedAt)
{
    public string Key => Flag.Key;

    public bool Enabled => Flag.Enabled;

    public bool IsKillSwitch => Flag.KillSwitch is not null;

    public string Kind => FlagSummary.Kind(Flag);

    public string Variants => FlagSummary.Variants(Flag);

    public string Rollout => FlagSummary.Rollout(Flag);

    public static FlagRow From(FlagRecord record) => new(record.Flag, record.Revision, record.UpdatedAt);
}

/// <summary>What the switch asks before it moves a kill switch, since that moves production traffic at once.</summary>
public sealed record SwitchConfirmation(string Title, string Message, string ConfirmText);

/// <summary>The flags table and its one-click on/off switch.</summary>
public sealed class FlagListViewModel(IFlagRegistry registry, IConsoleUser user)
{
    public IReadOnlyList<FlagRow> Rows { get; private set; } = [];

    public bool Loading { get; private set; }

    /// <summary>The flag whose switch is being flipped, so its switch is disabled meanwhile.</summary>
    public string? Switching { get; private set; }

    public ErrorView? Error { get; private set; }

    public string? Status { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        Loading = true;
        try
        {
            Rows = (await registry.ListAsync(cancellationToken)).Select(FlagRow.From).ToArray();
        }
        finally
        {
            Loading = false;
        }
    }

    public FlagRow? Find(string key) => Rows.FirstOrDefault(r => r.Key == key);

    /// <summary>Null for a standard flag: its switch flips without asking.</summary>
    public static SwitchConfirmation? ConfirmationFor(FlagRow row, bool enabled) => row.Flag.KillSwitch switch
    {
        null => null,
        { } target when enabled => new(
            $"Engage kill switch {row.Key}",
            $"Sends all traffic of prompt '{target.PromptKey}' to its safe version v{target.SafeVersion} from the next request, whatever its labels and experiments say.",
            "Engage"),
        { } target => new(
            $"Release kill switch {row.Key}",
            $"Prompt '{target.PromptKey}' stops being held on v{target.SafeVersion} and routes by its labels and experiments again from the next request.",
            "Release"),
    };

    /// <summary>Enabling, disabling and creating flags are an Operator's changes.</summary>
    public bool CanChange => user.CanOperate();

    /// <summary>Flips the flag at the revision the list shows; a stale list gets the registry's conflict instead.</summary>
    public async Task<bool> SetEnabledAsync(string key, bool enabled, string? reason, CancellationToken cancellationToken = default)
    {
        if (Find(key) is not { } row)
            return false;
        if (!CanChange)
        {
            Error = user.OperatorRequired();
            Status = null;
            return false;
        }

        Switching = key;
        Error = null;
        Status = null;
        try
        {
            var result = await registry.SetEnabledAsync(key, enabled, Blank(reason), row.Revision, user.Name, cancellationToken);
            if (!result.IsSuccess)
            {
                Error = ErrorView.From(result.Error!);
                return false;
            }

            var switched = FlagRow.From(result.Value);
            Rows = Rows.Select(r => r.Key == key ? switched : r).ToArray();
            Status = Describe(switched);
            return true;
        }
        finally
        {
            Switching = null;
        }
    }

    private static string Describe(FlagRow row) => row.Flag.KillSwitch switch
    {
        { } target when row.Enabled => $"{row.Key} engaged: all traffic of {target.PromptKey} goes to v{target.SafeVersion}.",
        { } target => $"{row.Key} released: {target.PromptKey} routes normally.",
        _ => $"{row.Key} is now {(row.Enabled ? "on" : "off")}.",
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
