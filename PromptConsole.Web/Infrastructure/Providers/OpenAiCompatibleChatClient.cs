using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK, for any OpenAI-compatible endpoint. The SDK's
/// own retries are off (the resilience layer is the only one) and its errors are translated into
/// <see cref="ModelProviderException"/>, which says whether retrying can help.
/// </summary>
public sealed class OpenAiCompatibleChatClient : IChatClient
{
    /// <summary>Some local servers (Ollama, LM Studio) need no key, but the SDK insists on one.</summary>
    private const string PlaceholderApiKey = "no-key";

    private readonly string _providerName;
    private readonly OpenAIClient _client;
    private readonly ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly ChatClientMetadata _metadata;

    /// <param name="httpClient">Shared by every provider so connections are pooled; not disposed here.</param>
    /// <param name="networkTimeout">The transport's own limit, a backstop behind the per-attempt timeout.</param>
    public OpenAiCompatibleChatClient(string providerName, Uri baseUrl, string? apiKey, HttpClient httpClient, TimeSpan networkTimeout)
    {
        _providerName = providerName;
        var options = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(httpClient),
            NetworkTimeout = networkTimeout,
        };
        _client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? PlaceholderApiKey : apiKey), options);
        _metadata = new ChatClientMetadata("openai-compatible", baseUrl, defaultModelId: null);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var chatClient = ChatClientFor(options);
        var request = ToOpenAiMessages(messages);
        var completionOptions = ToCompletionOptions(options);

        ChatCompletion completion;
        try
        {
            completion = (await chatClient.CompleteChatAsync(request, completionOptions, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception exception) when (Translate(exception, cancellationToken) is { } translated)
        {
            throw translated;
        }

        var text = completion.Content.Count == 1 ? completion.Content[0].Text : ConcatenateText(completion.Content);
        return new ChatResponse(new AiChatMessage(AiChatRole.Assistant, text))
        {
            ModelId = completion.Model,
            ResponseId = completion.Id,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = completion.Usage is { } usage ? ToUsage(usage) : null,
            RawRepresentation = completion,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chatClient = ChatClientFor(options);
        var stream = chatClient.CompleteChatStreamingAsync(ToOpenAiMessages(messages), ToCompletionOptions(options), cancellationToken);
        await using var updates = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StreamingChatCompletionUpdate update;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    yield break;
                update = updates.Current;
            }
            catch (Exception exception) when (Translate(exception, cancellationToken) is { } translated)
            {
                throw translated;
            }

            var contents = new List<AIContent>(update.ContentUpdate.Count + 1);
            foreach (var part in update.ContentUpdate)
            {
                if (!string.IsNullOrEmpty(part.Text))
                    contents.Add(new TextContent(part.Text));
            }

            if (update.Usage is { } usage)
                contents.Add(new UsageContent(ToUsage(usage)));

            yield return new ChatResponseUpdate(AiChatRole.Assistant, contents)
            {
                ModelId = update.Model,
                ResponseId = update.CompletionId,
                CreatedAt = update.CreatedAt,
                FinishReason = update.FinishReason is { } reason ? ToFinishReason(reason) : null,
                RawRepresentation = update,
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return _metadata;
        if (serviceType == typeof(OpenAIClient))
            return _client;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// Maps a transport failure to a <see cref="ModelProviderException"/>; returns null for the caller's
    /// own cancellation (and for the per-attempt timeout, which cancels the same token) so it propagates.
    /// </summary>
    internal ModelProviderException? Translate(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => ModelProviderException.TimedOut($"Provider '{_providerName}' did not answer within the transport timeout.", exception),
        ClientResultException { Status: > 0 } result => ModelProviderException.FromStatus(
            result.Status,
            $"Provider '{_providerName}' answered {result.Status}: {Shorten(result.Message)}",
            exception),
        ClientResultException or HttpRequestException or IOException => ModelProviderException.ConnectionFailed(
            $"Provider '{_providerName}' could not be reached: {Shorten(exception.Message)}",
            exception),
        _ => null,
    };

    private ChatClient ChatClientFor(ChatOptions? options)
    {
        var model = options?.ModelId;
        if (string.IsNullOrEmpty(model))
            throw new ArgumentException("ChatOptions.ModelId must name the model to call.", nameof(options));
        return _chatClients.GetOrAdd(model, static (name, client) => client.GetChatClient(name), _client);
    }

    private static List<OpenAiChatMessage> ToOpenAiMessages(IEnumerable<AiChatMessage> messages)
    {
        var result = new List<OpenAiChatMessage>(2);
        foreach (var message in messages)
        {
            var text = message.Text;
            if (message.Role == AiChatRole.System)
                result.Add(new SystemChatMessage(text));
            else if (message.Role == AiChatRole.Assistant)
                result.Add(new AssistantChatMessage(text));
            else
                result.Add(new UserChatMessage(text));
        }

        return result;
    }

    private static ChatCompletionOptions ToCompletionOptions(ChatOptions? options) => new()
    {
        Temperature = options?.Temperature,
        MaxOutputTokenCount = options?.MaxOutputTokens,
    };

    private static UsageDetails ToUsage(ChatTokenUsage usage) => new()
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
    };

    private static AiFinishReason ToFinishReason(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Length => AiFinishReason.Length,
        ChatFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        ChatFinishReason.ToolCalls or ChatFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        _ => AiFinishReason.Stop,
    };

    private static string ConcatenateText(ChatMessageContent content)
    {
        var parts = new List<string>(content.Count);
        foreach (var part in content)
        {
            if (part.Text is { Length: > 0 } text)
                parts.Add(text);
        }

        return string.Concat(parts);
    }

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300] + "…";
}
