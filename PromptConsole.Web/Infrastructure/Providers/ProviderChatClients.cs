using System.Collections.Frozen;
using Microsoft.Extensions.AI;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// The chat client of each enabled provider, by provider name. Owns the clients and the one
/// <see cref="HttpClient"/> every OpenAI-compatible provider shares, so connections are pooled.
/// </summary>
public sealed class ProviderChatClients : IDisposable
{
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

    /// <summary>One client per enabled provider entry; disabled providers get none.</summary>
    public static ProviderChatClients Create(ModelProvidersOptions options, TimeProvider timeProvider)
    {
        var clients = new Dictionary<string, IChatClient>(StringComparer.OrdinalIgnoreCase);
        HttpClient? httpClient = null;
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
                httpClient ??= CreateSharedHttpClient();
                clients[name] = new OpenAiCompatibleChatClient(name, new Uri(provider.BaseUrl!), ResolveApiKey(provider), httpClient, networkTimeout);
            }
        }

        return new ProviderChatClients(clients, httpClient);
    }

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

    private static HttpClient CreateSharedHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = PooledConnectionLifetime,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };

        // Timeouts belong to the resilience pipeline and the SDK's network timeout, not to HttpClient.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
