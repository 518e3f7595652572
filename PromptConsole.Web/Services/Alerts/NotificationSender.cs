using System.Net.Http.Headers;
using PromptConsole.Domain.Notifications;

namespace PromptConsole.Web.Services.Alerts;

/// <summary>
/// What one HTTP attempt gave: success (a 2xx), the status when one came back, what went wrong, and the wait the
/// receiver asked for (<c>Retry-After</c>).
/// </summary>
public sealed record SendResult(bool Succeeded, int? StatusCode, string? Error, TimeSpan? RetryAfter = null);

/// <summary>
/// Makes one delivery attempt: POSTs the body to the channel's URL, signs it for a webhook with a secret, and turns
/// the answer (or the network failure) into a <see cref="SendResult"/>. It never throws for the receiver's sake and
/// never puts the URL or the secret into an error, since errors are stored and shown.
/// </summary>
public sealed class NotificationSender(IHttpClientFactory httpClients, TimeProvider time)
{
    public const string HttpClientName = "notifications";
    public const string DeliveryHeader = "X-PromptConsole-Delivery";
    public const string KindHeader = "X-PromptConsole-Event";

    /// <summary>Enough of a refusing receiver's answer to tell why (Slack says e.g. <c>invalid_token</c>).</summary>
    public const int MaxResponseExcerpt = 200;

    /// <summary>The URL a trace may show for this request (a Slack URL's token masked); read by the tracing set-up.</summary>
    public static readonly HttpRequestOptionsKey<string> TracedUrl = new("PromptConsole.Notifications.TracedUrl");

    public async Task<SendResult> SendAsync(ChannelType type, string url, string? secret, string kind, Guid deliveryId, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Options.Set(TracedUrl, ChannelUrls.Redact(type, url));
        if (type == ChannelType.Webhook)
        {
            request.Headers.Add(DeliveryHeader, deliveryId.ToString());
            request.Headers.Add(KindHeader, kind);

            // Signed at each attempt, so a retry's timestamp is fresh and passes the receiver's tolerance.
            if (secret is not null)
                request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.HeaderValue(secret, time.GetUtcNow().ToUnixTimeSeconds(), body));
        }

        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
                return new SendResult(true, status, null);
            var excerpt = WithoutToken(await ExcerptAsync(response, http.Timeout, cancellationToken), type, url);
            return new SendResult(false, status, $"HTTP {status} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : string.Empty)}", RetryAfterOf(response));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, null, $"No answer within {http.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException exception)
        {
            // The message names the host and port at most (e.g. "Connection refused (127.0.0.1:5555)"), never the path.
            return new SendResult(false, null, exception.HttpRequestError == HttpRequestError.Unknown
                ? exception.Message
                : $"{exception.HttpRequestError}: {exception.Message}");
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>
    /// A receiver may echo the request path in its error page ("Cannot POST /hooks/…"), which for Slack holds the token;
    /// errors are stored, logged and shown, so the token is masked wherever it appears.
    /// </summary>
    internal static string WithoutToken(string text, ChannelType type, string url)
    {
        if (type != ChannelType.Slack || text.Length == 0 || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
            return text;
        var token = parsed.AbsolutePath.TrimEnd('/').Split('/')[^1];
        if (token.Length == 0)
            return text;
        text = text.Replace(token, ChannelUrls.Mask, StringComparison.Ordinal);
        var escaped = Uri.EscapeDataString(token);
        return escaped == token ? text : text.Replace(escaped, ChannelUrls.Mask, StringComparison.Ordinal);
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, TimeSpan limit, CancellationToken cancellationToken)
    {
        // The client's timeout covers the headers only (ResponseHeadersRead): a receiver that stalls its error body
        // must not hold the delivery.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            // Only the start is read: a receiver's error page can be large, and the rest is not shown.
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var reader = new StreamReader(stream);
            var buffer = new char[MaxResponseExcerpt + 1];
            var read = await reader.ReadBlockAsync(buffer, timeout.Token);
            var text = new string(buffer, 0, read).ReplaceLineEndings(" ").Trim();
            return text.Length <= MaxResponseExcerpt ? text : string.Concat(text.AsSpan(0, MaxResponseExcerpt), "…");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return string.Empty;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return string.Empty;
        }
    }
}
