using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Model.Alerts;

/// <summary>The outcome of a channel's "send test": delivered or not, with each attempt; or why it could not be sent.</summary>
public sealed record TestOutcome(DeliveryOutcome? Outcome, ErrorView? Error)
{
    public bool Delivered => Outcome?.Delivered == true;
}

/// <summary>The channels page: every notification channel, delete after the page confirmed, and "send test" with its outcome.</summary>
public sealed class ChannelsViewModel(INotificationChannels channels, IConsoleUser user)
{
    private readonly Dictionary<Guid, TestOutcome> _tests = [];
    private readonly HashSet<Guid> _testing = [];

    public bool Loaded { get; private set; }

    public IReadOnlyList<ChannelView> Channels { get; private set; } = [];

    public ErrorView? Error { get; private set; }

    public ErrorView? ActionError { get; private set; }

    public string? ActionStatus { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Channels = (await channels.ListAsync(cancellationToken)).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The channels could not be read: " + exception.Message);
        }

        Loaded = true;
    }

    public TestOutcome? TestOf(Guid channelId) => _tests.GetValueOrDefault(channelId);

    public bool IsTesting(Guid channelId) => _testing.Contains(channelId);

    /// <summary>Channels (where alerts go, with their secrets) are an Admin's: creating, editing, deleting and test sends.</summary>
    public bool CanChange => user.CanAdminister();

    public async Task SendTestAsync(Guid channelId, CancellationToken cancellationToken = default)
    {
        if (!CanChange)
        {
            _tests[channelId] = new TestOutcome(null, user.AdminRequired());
            return;
        }

        _testing.Add(channelId);
        try
        {
            var result = await channels.SendTestAsync(channelId, user.Name, cancellationToken);
            _tests[channelId] = result.IsSuccess ? new TestOutcome(result.Value, null) : new TestOutcome(null, ErrorView.From(result.Error!));
        }
        finally
        {
            _testing.Remove(channelId);
        }
    }

    public async Task SavedAsync(ChannelView channel, bool created, CancellationToken cancellationToken = default)
    {
        ActionError = null;
        ActionStatus = created ? $"Channel '{channel.Name}' created." : $"Channel '{channel.Name}' saved.";
        await LoadAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid channelId, CancellationToken cancellationToken = default)
    {
        ActionStatus = null;
        if (!CanChange)
        {
            ActionError = user.AdminRequired();
            return false;
        }

        var name = Channels.FirstOrDefault(c => c.Id == channelId)?.Name ?? channelId.ToString();
        var result = await channels.DeleteAsync(channelId, user.Name, cancellationToken);
        if (!result.IsSuccess)
        {
            ActionError = ErrorView.From(result.Error!);
            return false;
        }

        ActionError = null;
        ActionStatus = $"Channel '{name}' deleted.";
        _tests.Remove(channelId);
        await LoadAsync(cancellationToken);
        return true;
    }
}
