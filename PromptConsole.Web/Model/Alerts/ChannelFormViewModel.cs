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

    private readonly FormSubmission _submission = new();

    public ErrorView? Error => _submission.Error;

    public bool Busy => _submission.Busy;

    public string SecretHelp => HasSecret
        ? "Leave empty to keep the current secret."
        : Type == "webhook" ? "Each body is signed with HMAC-SHA256 of this secret." : "Optional.";

    public void Load(ChannelView? channel)
    {
        _submission.Clear();
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
        new(FormSubmission.Blank(Name), Type, FormSubmission.Blank(Url), string.IsNullOrEmpty(Secret) ? null : Secret, DailyReport, Enabled);

    /// <summary>The dialog is offered only to roles that may save; this refuses anyone else all the same.</summary>
    public bool CanSave => user.CanAdminister();

    public Task<ChannelView?> SaveAsync(CancellationToken cancellationToken = default)
        => !CanSave
            ? Task.FromResult(_submission.Refuse<ChannelView>(user.AdminRequired()))
            : _submission.RunAsync(() => EditingId is { } id
            ? channels.UpdateAsync(id, BuildCommand(), user.Name, cancellationToken)
            : channels.CreateAsync(BuildCommand(), user.Name, cancellationToken));
}
