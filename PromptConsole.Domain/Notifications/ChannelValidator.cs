using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Notifications;

/// <summary>
/// Checks a channel draft and names every offending field (camelCase, as the API spells them). Slack-compatible
/// channels refuse a secret: Slack does not verify signatures (the token in the URL is the secret), so accepting one
/// would suggest a protection that does not exist.
/// </summary>
public static class ChannelValidator
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2000;

    /// <summary>A signing secret shorter than this is guessable; Stripe's and GitHub's generated ones are 32+.</summary>
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    public static Result<ChannelDefinition> Validate(ChannelDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();

        var name = draft.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors.Add(new FieldError("name", "A name is required."));
        else if (name.Length > MaxNameLength)
            errors.Add(new FieldError("name", $"The name is at most {MaxNameLength} characters."));

        var type = ChannelTypeNames.Parse(draft.Type);
        if (type is null)
        {
            errors.Add(new FieldError("type", string.IsNullOrWhiteSpace(draft.Type)
                ? $"A type is required: {ChannelTypeNames.Webhook} or {ChannelTypeNames.Slack}."
                : $"'{draft.Type}' is not a channel type: {ChannelTypeNames.Webhook} or {ChannelTypeNames.Slack}."));
        }

        var url = UrlOf(draft.Url, errors);

        var secret = string.IsNullOrEmpty(draft.Secret) ? null : draft.Secret;
        if (secret is not null)
        {
            if (type == ChannelType.Slack)
                errors.Add(new FieldError("secret", "A Slack-compatible channel takes no secret: the token in its URL is the secret, and Slack does not check signatures."));
            else if (secret.Length < MinSecretLength || secret.Length > MaxSecretLength)
                errors.Add(new FieldError("secret", $"The secret is {MinSecretLength}–{MaxSecretLength} characters (a short one can be guessed)."));
            else if (secret.Trim().Length != secret.Length)
                errors.Add(new FieldError("secret", "The secret must not start or end with white space (receivers would have to copy it exactly)."));
        }

        if (errors.Count > 0)
            return Error.Validation("invalid-channel", "The channel is not valid.", errors);
        return new ChannelDefinition(name!, type!.Value, url!, secret, draft.DailyReport ?? false, draft.Enabled ?? true);
    }

    private static Uri? UrlOf(string? text, List<FieldError> errors)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(new FieldError("url", "A URL is required."));
            return null;
        }

        if (trimmed.Length > MaxUrlLength)
        {
            errors.Add(new FieldError("url", $"The URL is at most {MaxUrlLength} characters."));
            return null;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            errors.Add(new FieldError("url", "The URL must be absolute, http or https, with a host (e.g. https://hooks.example.com/alerts)."));
            return null;
        }

        return url;
    }
}
