using Microsoft.Extensions.AI;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Sends the output-token limit as <c>max_tokens</c> instead of the SDK's <c>max_completion_tokens</c>, for
/// OpenAI-compatible servers that accept only the older field. <see cref="ChatOptions.MaxOutputTokens"/> stays
/// set, so anything reading the options (telemetry) still sees the limit; only the request body changes.
/// </summary>
public sealed class MaxTokensFieldChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithMaxTokensField(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithMaxTokensField(options), cancellationToken);

    private static ChatOptions? WithMaxTokensField(ChatOptions? options)
    {
        if (options?.MaxOutputTokens is not { } maxTokens)
            return options;

        // The SDK builds its request options from this factory's result, fills in the rest (including
        // max_completion_tokens), then applies the JSON patch while writing the body.
        var callerFactory = options.RawRepresentationFactory;
        var patched = options.Clone();
        patched.RawRepresentationFactory = client =>
        {
            var completionOptions = callerFactory?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            // JsonPatch is marked for evaluation (SCME0001) but is the SDK's own way to send a field it does
            // not model; the tests against the in-process server catch any change in how it behaves.
#pragma warning disable SCME0001
            completionOptions.Patch.Remove("$.max_completion_tokens"u8);
            completionOptions.Patch.Set("$.max_tokens"u8, maxTokens);
#pragma warning restore SCME0001
            return completionOptions;
        };
        return patched;
    }
}
