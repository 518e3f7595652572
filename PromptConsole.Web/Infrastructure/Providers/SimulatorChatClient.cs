using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// The built-in model provider: answers without calling anything, so the product runs with no keys.
/// The text is a pure function of model and messages; latency and failures are drawn from a
/// per-provider seeded sequence, so a run is reproducible while calls still differ from each other.
/// Every response says it is simulated, in its text and in <see cref="SimulatedProperty"/>.
/// </summary>
public sealed class SimulatorChatClient : IChatClient
{
    /// <summary>Set to true in <see cref="ChatResponse.AdditionalProperties"/> of every simulated response.</summary>
    public const string SimulatedProperty = "simulated";

    /// <summary>Share of simulated failures that are 429s; the rest are 503s.</summary>
    private const double RateLimitedShareOfFailures = 0.2;

    private readonly string _providerName;
    private readonly SimulatorProfile _profile;
    private readonly TimeProvider _timeProvider;
    private readonly ChatClientMetadata _metadata;
    private long _calls;

    public SimulatorChatClient(string providerName, SimulatorProfile profile, TimeProvider timeProvider)
    {
        _providerName = providerName;
        _profile = profile;
        _timeProvider = timeProvider;
        _metadata = new ChatClientMetadata("promptconsole-simulator", providerUri: null, defaultModelId: null);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? _providerName;

        // Draw this call's latency and fate before looking at the content, so they depend only on call order.
        var draws = _profile.Seed ^ (ulong)Interlocked.Increment(ref _calls) * 0xD1B54A32D192ED03;
        var latency = _profile.Latency.Sample(StableHash.NextUnit(ref draws), StableHash.NextUnit(ref draws));
        var fails = StableHash.NextUnit(ref draws) <= _profile.ErrorRate && _profile.ErrorRate > 0;
        var rateLimited = StableHash.NextUnit(ref draws) <= RateLimitedShareOfFailures;

        if (latency > TimeSpan.Zero)
            await Task.Delay(latency, _timeProvider, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        if (fails)
        {
            var status = rateLimited ? 429 : 503;
            throw ModelProviderException.FromStatus(
                status,
                $"Simulated {(rateLimited ? "429 Too Many Requests" : "503 Service Unavailable")} from provider '{_providerName}' (configured error rate {_profile.ErrorRate:P0}).");
        }

        return Answer(model, messages, options);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The simulated latency stands for time to first token; the chunks then follow at once.
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var text = response.Text;
        const int ChunkLength = 24;
        for (var start = 0; start < text.Length;)
        {
            // Chunks end after a space, like the word pieces a real stream delivers.
            var space = start + ChunkLength < text.Length ? text.IndexOf(' ', start + ChunkLength) : -1;
            var end = space < 0 ? text.Length : space + 1;
            yield return new ChatResponseUpdate(ChatRole.Assistant, text[start..end])
            {
                ModelId = response.ModelId,
                ResponseId = response.ResponseId,
                CreatedAt = response.CreatedAt,
                AdditionalProperties = response.AdditionalProperties,
            };
            start = end;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(response.Usage!)])
        {
            ModelId = response.ModelId,
            ResponseId = response.ResponseId,
            CreatedAt = response.CreatedAt,
            FinishReason = response.FinishReason,
            AdditionalProperties = response.AdditionalProperties,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    private ChatResponse Answer(string model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var contentHash = StableHash.Add(StableHash.Start, model);
        var inputTokens = 0;
        var wantsJson = false;
        string? lastUserText = null;
        string? jsonRequest = null;
        foreach (var message in messages)
        {
            var text = message.Text;
            contentHash = StableHash.Add(StableHash.Add(StableHash.Add(contentHash, '\u001e'), message.Role.Value), '\u001f');
            contentHash = StableHash.Add(contentHash, text);
            inputTokens += TokenEstimator.Estimate(text);
            if (SimulatedAnswerWriter.AsksForJson(text))
            {
                wantsJson = true;
                jsonRequest = text;
            }

            if (message.Role == ChatRole.User)
                lastUserText = text;
        }

        var lengthDraw = contentHash;
        var span = _profile.MaxOutputTokens - _profile.MinOutputTokens + 1;
        var outputTokens = _profile.MinOutputTokens + (int)(StableHash.Next(ref lengthDraw) % (ulong)span);
        var truncated = options?.MaxOutputTokens is > 0 and var max && max < outputTokens;
        if (truncated)
            outputTokens = options!.MaxOutputTokens!.Value;

        var answer = wantsJson
            ? SimulatedAnswerWriter.WriteJson(model, contentHash, outputTokens, jsonRequest)
            : SimulatedAnswerWriter.WriteText(model, lastUserText, contentHash, outputTokens);

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = model,
            ResponseId = $"sim-{contentHash:x16}",
            CreatedAt = _timeProvider.GetUtcNow(),
            FinishReason = truncated ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = inputTokens,
                OutputTokenCount = outputTokens,
                TotalTokenCount = inputTokens + outputTokens,
            },
            AdditionalProperties = new AdditionalPropertiesDictionary { [SimulatedProperty] = true },
        };
    }
}
