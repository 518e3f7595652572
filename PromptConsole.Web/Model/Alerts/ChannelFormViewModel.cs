using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Model.Alerts;

/// <summary>
/// The create/edit channel dialog. The secret is never shown: editing a channel that has one, an empty secret keeps
/// it (nothing is sent). The service validates; its field errors are shown under the inputs they name.
/// </summary>
public sealed class ChannelFormViewModel(INotificationChannels channels, IConsoleUser user)
{
    public static readonly string[] PlacedFields = ["name", "type", "url", "secret", "dailyReport", "enabled"];

    public static readonly IReadOnlyList<string> Types = ["webhook", "slack"];

    public Guid? EditingId { get; private set; }

    public string? Name { get; set; }

    public string Type { get; set; } = "webhook";

    public string? Url { get; set; }

    public string? Secret { get; set; }

    /// <summary>Editing a channel that has a secret: an empty field keeps it.</summary>
    public bool HasSecret { get; private set; }

    public bool DailyReport { get; set; }

    public bool Enabled { get; set; } = true;

    public ErrorView? Error { get; private set; }

    public bool Busy { get; private set; }

    public string SecretHelp => HasSecret
        ? "Leave empty to keep the current secret."
        : Type == "webhook" ? "Each body is signed with HMAC-SHA256 of this secret." : "Optional.";

    public void Load(ChannelView? channel)
    {
        Error = null;
        Secret = null;
        if (channel is null)
        {
            EditingId = null;
            HasSecret = false;
            return;
        }

        EditingId = channel.Id;
        Name = channel.Name;
        Type = channel.Type;
        Url = channel.Url;
        HasSecret = channel.HasSecret;
        DailyReport = channel.DailyReport;
        Enabled = channel.Enabled;
    }

    public IReadOnlyList<string> MessagesFor(string field) => Error?.For(field) ?? [];

    /// <summary>An empty secret is sent as null: kept when editing, none when creating.</summary>
    public ChannelCommand BuildCommand() =>
        new(Blank(Name), Type, Blank(Url), string.IsNullOrEmpty(Secret) ? null : Secret, DailyReport, Enabled);

    public async Task<ChannelView?> SaveAsync(CancellationToken cancellationToken = default)
    {
        Busy = true;
        Error = null;
        try
        {
            var result = EditingId is { } id
                ? await channels.UpdateAsync(id, BuildCommand(), user.Name, cancellationToken)
                : await channels.CreateAsync(BuildCommand(), user.Name, cancellationToken);
            if (result.IsSuccess)
                return result.Value;
            Error = ErrorView.From(result.Error!);
            return null;
        }
        finally
        {
            Busy = false;
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
