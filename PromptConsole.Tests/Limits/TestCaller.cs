using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Limits;

/// <summary>
/// Callers as real API keys. A test describes one (<c>key=k1;tenant=acme;rps=10;tpm=100;budget=0.5</c>); the first
/// request with that description creates the key through the keys API (the client's master key) with those limits and
/// tenant, and later requests present the same secret, on any instance of the same database. A description whose key
/// the database does not know (another test's database) gets a fresh key.
/// </summary>
public static class TestCaller
{
    // One creation per description even when a burst's first requests race for it.
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Secrets = new(StringComparer.Ordinal);

    public static string Of(string key, string? tenant = null, int? rps = null, int? tpm = null, decimal? budget = null)
    {
        var parts = new List<string> { "key=" + key };
        if (tenant is not null)
            parts.Add("tenant=" + tenant);
        if (rps is not null)
            parts.Add(FormattableString.Invariant($"rps={rps}"));
        if (tpm is not null)
            parts.Add(FormattableString.Invariant($"tpm={tpm}"));
        if (budget is not null)
            parts.Add(FormattableString.Invariant($"budget={budget}"));
        return string.Join(';', parts);
    }

    /// <summary>Sends <paramref name="build"/>'s request as the described caller.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string caller, Func<HttpRequestMessage> build)
    {
        var known = Secrets.GetOrAdd(caller, c => new Lazy<Task<string>>(() => CreateAsync(client, c)));
        var response = await SendWithAsync(client, build, await known.Value);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;

        // Another test's database made this description's key: make one here.
        response.Dispose();
        var fresh = new Lazy<Task<string>>(() => CreateAsync(client, caller));
        var current = Secrets.TryUpdate(caller, fresh, known) ? fresh : Secrets[caller];
        return await SendWithAsync(client, build, await current.Value);
    }

    private static async Task<HttpResponseMessage> SendWithAsync(HttpClient client, Func<HttpRequestMessage> build, string secret)
    {
        using var request = build();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await client.SendAsync(request);
    }

    private static async Task<string> CreateAsync(HttpClient client, string caller)
    {
        var fields = caller.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var body = new
        {
            name = fields["key"],
            scopes = new[] { "execute" },
            tenant = fields.GetValueOrDefault("tenant"),
            requestsPerSecond = fields.TryGetValue("rps", out var rps) ? int.Parse(rps, CultureInfo.InvariantCulture) : (int?)null,
            tokensPerMinute = fields.TryGetValue("tpm", out var tpm) ? int.Parse(tpm, CultureInfo.InvariantCulture) : (int?)null,
            monthlyBudgetUsd = fields.TryGetValue("budget", out var budget) ? decimal.Parse(budget, CultureInfo.InvariantCulture) : (decimal?)null,
        };
        var created = await client.PostJsonAsync("/api/v1/keys", body);
        if (created.Status != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the key for {caller} failed: {created.Status} {created.Body}");
        return (string)created.Body!["secret"]!;
    }
}
