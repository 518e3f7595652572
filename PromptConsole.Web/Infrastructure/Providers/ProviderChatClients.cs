using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Frozen;
using Microsoft.Extensions.AI;
using OpenAI;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// The chat client of each enabled provider, by provider name. OpenAI-compatible providers are the OpenAI
/// SDK's chat client seen through Microsoft.Extensions.AI (<c>AsIChatClient</c>), all sending through one
/// <see cref="HttpClient"/> so connections are pooled and HTTP instrumentation sees every call.
/// </summary>
public sealed class ProviderChatClients : IDisposable
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client every OpenAI-compatible provider sends through.</summary>
    public const string HttpClientName = "PromptConsole.Providers";

    /// <summary>
    /// The model the SDK's client is built with. Never sent: every call names its model in
    /// <see cref="ChatOptions.ModelId"/>, which the adapter puts on the request, and calls without one are refused.
    /// </summary>
    private const string ModelChosenPerCall = "model-chosen-per-call";

    /// <summary>Some local servers (Ollama, LM Studio) need no key, but the SDK insists on one.</summary>
    private const string PlaceholderApiKey = "no-key";

    /// <summary>Pooled connections are recycled so DNS changes (failover, scaling) are picked up.</summary>
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The transport never gives up before the per-attempt timeout does.</summary>
    private static readonly TimeSpan NetworkTimeoutMargin = TimeSpan.FromSeconds(5);

    private readonly FrozenDictionary<string, IChatClient> _clients;
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>Wraps clients built elsewhere (tests, or hosts that bring their own); they are disposed with this.</summary>
    public ProviderChatClients(IReadOnlyDictionary<string, IChatClient> clients)
        : this(clients, ownedHttpClient: null)
    {
    }

    private ProviderChatClients(IReadOnlyDictionary<string, IChatClient> clients, HttpClient? ownedHttpClient)
    {
        _clients = clients.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _ownedHttpClient = ownedHttpClient;
    }

    public IReadOnlyCollection<string> ProviderNames => _clients.Keys;

    /// <summary>
    /// One client per enabled provider entry; disabled providers get none. OpenAI-compatible providers send
    /// through <paramref name="httpClient"/> (the host passes its factory's <see cref="HttpClientName"/> client);
    /// without one, a client is created here and disposed with this.
    /// </summary>
    public static ProviderChatClients Create(ModelProvidersOptions options, TimeProvider timeProvider, HttpClient? httpClient = null)
    {
        var clients = new Dictionary<string, IChatClient>(StringComparer.OrdinalIgnoreCase);
        HttpClient? ownedHttpClient = null;
        var networkTimeout = TimeSpan.FromMilliseconds(options.Resilience.AttemptTimeoutMs) + NetworkTimeoutMargin;

        foreach (var (name, provider) in options.Providers)
        {
            if (!provider.Enabled)
                continue;
            if (ProviderKinds.IsSimulator(provider.Kind))
            {
                clients[name] = new SimulatorChatClient(name, SimulatorProfile.FromOptions(name, provider), timeProvider);
            }
            else if (ProviderKinds.IsOpenAI(provider.Kind))
            {
                httpClient ??= ownedHttpClient = new HttpClient(CreatePrimaryHandler()) { Timeout = Timeout.InfiniteTimeSpan };
                clients[name] = CreateOpenAiClient(name, provider, httpClient, networkTimeout);
            }
        }

        return new ProviderChatClients(clients, ownedHttpClient);
    }

    /// <summary>
    /// The OpenAI SDK's chat client for one provider, seen as an <see cref="IChatClient"/>. The SDK's own
    /// retries are off: the resilience pipeline is the only layer that retries, so every attempt is counted once.
    /// Its logging and tracing policies are off too: the HTTP client instrumentation and our attempt spans already
    /// trace each call, and the two policies were one step each of every call's pipeline for nothing.
    /// </summary>
    public static IChatClient CreateOpenAiClient(string providerName, ProviderOptions provider, HttpClient httpClient, TimeSpan networkTimeout)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(provider.BaseUrl!),
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout,
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false },
            EnableDistributedTracing = false,
        };
        var apiKey = ResolveApiKey(provider);
        var openAiClient = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? PlaceholderApiKey : apiKey), clientOptions);

        // The first client added is the outermost: errors are translated whatever the layers below did.
        var builder = openAiClient.GetChatClient(ModelChosenPerCall).AsIChatClient().AsBuilder()
            .Use(inner => new OpenAiErrorTranslatingChatClient(inner, providerName));
        if (MaxTokensFields.IsMaxTokens(provider.MaxTokensField))
            builder.Use(inner => new MaxTokensFieldChatClient(inner));
        return builder.Build();
    }

    /// <summary>
    /// The handler under the providers' <see cref="HttpClient"/>. Timeouts belong to the resilience pipeline
    /// and the SDK's network timeout, so the <see cref="HttpClient"/> itself gets none.
    /// </summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = PooledConnectionLifetime,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };

    public IChatClient? Find(string providerName) => _clients.GetValueOrDefault(providerName);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        _ownedHttpClient?.Dispose();
    }

    private static string? ResolveApiKey(ProviderOptions provider) =>
        !string.IsNullOrEmpty(provider.ApiKey) || string.IsNullOrEmpty(provider.ApiKeyEnvironmentVariable)
            ? provider.ApiKey
            : Environment.GetEnvironmentVariable(provider.ApiKeyEnvironmentVariable);
}
