using System.Net.Http.Headers;
using PromptConsole.Domain.Notifications;

namespace PromptConsole.Web.Services.Alerts;

/// <summary>What one HTTP attempt gave: success (a 2xx), the status when one came back, and what went wrong.</summary>
public sealed record SendResult(bool Succeeded, int? StatusCode, string? Error);

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
            var excerpt = await ExcerptAsync(response, cancellationToken);
            return new SendResult(false, status, $"HTTP {status} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : string.Empty)}");
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

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // Only the start is read: a receiver's error page can be large, and the rest is not shown.
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream);
            var buffer = new char[MaxResponseExcerpt + 1];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken);
            var text = new string(buffer, 0, read).ReplaceLineEndings(" ").Trim();
            return text.Length <= MaxResponseExcerpt ? text : string.Concat(text.AsSpan(0, MaxResponseExcerpt), "…");
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }
}
