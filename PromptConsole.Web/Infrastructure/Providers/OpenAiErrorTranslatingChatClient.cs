using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Sits on top of the OpenAI SDK's chat client and turns what it throws into <see cref="ModelProviderException"/>,
/// which says whether retrying can help. The caller's own cancellation, and the per-attempt timeout (which
/// cancels the same token), pass through untouched so the resilience pipeline sees them as such.
/// </summary>
public sealed class OpenAiErrorTranslatingChatClient(IChatClient innerClient, string providerName) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequireModel(options);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequireModel(options);

        // The request is sent on the first MoveNextAsync and the body is read on later ones: any of them can fail.
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    yield break;
            }
            catch (Exception exception) when (Translate(exception, cancellationToken) is { } translated)
            {
                throw translated;
            }

            yield return updates.Current;
        }
    }

    /// <summary>Null for the caller's own cancellation and for anything that is not a transport or response failure.</summary>
    internal ModelProviderException? Translate(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => ModelProviderException.TimedOut($"Provider '{providerName}' did not answer within the transport timeout.", exception),
        ClientResultException { Status: > 0 } result => ModelProviderException.FromStatus(
            result.Status,
            $"Provider '{providerName}' answered {result.Status}: {Shorten(result.Message)}",
            exception),
        ClientResultException or HttpRequestException or IOException => ModelProviderException.ConnectionFailed(
            $"Provider '{providerName}' could not be reached: {Shorten(exception.Message)}",
            exception),

        // A body that is not the JSON it should be will not parse any better on a retry.
        JsonException => new ModelProviderException(
            ModelErrorTypes.ProviderError,
            isTransient: false,
            statusCode: null,
            $"Provider '{providerName}' sent a response that could not be read: {Shorten(exception.Message)}",
            exception),
        _ => null,
    };

    /// <summary>
    /// Every call names its model: one SDK client serves all of a provider's models, and without a model id
    /// it would silently call the placeholder it was built with.
    /// </summary>
    private static void RequireModel(ChatOptions? options)
    {
        if (string.IsNullOrEmpty(options?.ModelId))
            throw new ArgumentException("ChatOptions.ModelId must name the model to call.", nameof(options));
    }

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300] + "…";
}
