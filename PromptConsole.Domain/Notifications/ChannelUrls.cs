namespace PromptConsole.Domain.Notifications;

/// <summary>
/// How a channel's URL is shown. A Slack-compatible incoming-webhook URL is its own secret (the last path segment is
/// the token: <c>https://hooks.slack.com/services/T…/B…/&lt;token&gt;</c>, Mattermost's <c>/hooks/&lt;token&gt;</c>), so
/// views show it with that segment and any query masked; a webhook URL is shown as stored, its secret being separate.
/// </summary>
public static class ChannelUrls
{
    public const string Mask = "****";

    public static string Redact(ChannelType type, string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (type != ChannelType.Slack)
            return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
            return Mask;

        var path = parsed.AbsolutePath.TrimEnd('/');
        var lastSlash = path.LastIndexOf('/');
        var kept = lastSlash <= 0 ? string.Empty : path[..lastSlash];
        return $"{parsed.Scheme}://{parsed.Authority}{kept}/{Mask}";
    }

    /// <summary>Where a channel points without anything that may be a token: for logs and audit summaries.</summary>
    public static string HostOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? $"{parsed.Scheme}://{parsed.Authority}" : "(invalid URL)";
}
