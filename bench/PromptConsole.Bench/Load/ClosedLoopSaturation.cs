using System.Diagnostics;
using System.Net;

namespace PromptConsole.Bench.Load;

/// <summary>One saturation run: answers per second with a fixed number of clients each sending as soon as its last answer arrived.</summary>
internal sealed record SaturationResult(string Name, int Clients, TimeSpan Duration, long Succeeded, long Failed, string? FirstErrorDetail)
{
    public double SucceededPerSecond => Succeeded / Duration.TotalSeconds;
}

/// <summary>
/// Closed-loop load for capacity, not latency: <c>clients</c> loops, each sending its next request
/// when the previous one has answered, so the target is kept busy and answers per second measure
/// how much it can do. Answers completing in the warm-up are not counted; requests still running
/// at the end are allowed to finish (bounded by the client's timeout) and are not counted either.
/// </summary>
internal sealed class ClosedLoopSaturation(HttpClient client)
{
    public const int MaxClients = 1024;

    public async Task<SaturationResult> RunAsync(
        string name,
        Uri target,
        Func<int, HttpContent?>? createContent,
        int clients,
        TimeSpan warmup,
        TimeSpan duration,
        CancellationToken cancellationToken,
        HttpMethod? method = null)
    {
        // Like the open-loop generator, this is a load tool: loopback only, a bounded number of clients.
        if (!IPAddress.TryParse(target.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"Load is only sent to loopback addresses, not {target.Host}.", nameof(target));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clients);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clients, MaxClients);

        long start = Stopwatch.GetTimestamp();
        long countFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        long countUntil = countFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counters = new Counters();
        int sequence = 0;

        async Task ClientLoopAsync()
        {
            while (Stopwatch.GetTimestamp() < countUntil)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool succeeded;
                string? error = null;
                try
                {
                    using var request = new HttpRequestMessage(method ?? HttpMethod.Post, target)
                    {
                        Content = createContent?.Invoke(Interlocked.Increment(ref sequence)),
                        Version = HttpVersion.Version11,
                        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    };
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    succeeded = response.IsSuccessStatusCode;
                    if (!succeeded)
                    {
                        error = $"HTTP {(int)response.StatusCode}";
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    succeeded = false;
                    error = $"{exception.GetType().Name}: {exception.Message}";
                }

                long completedAt = Stopwatch.GetTimestamp();
                if (completedAt >= countFrom && completedAt <= countUntil)
                {
                    counters.Add(succeeded, error);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientLoopAsync, cancellationToken)));
        return new SaturationResult(name, clients, duration, counters.Succeeded, counters.Failed, counters.FirstError);
    }

    private sealed class Counters
    {
        private long _succeeded;
        private long _failed;
        private string? _firstError;

        public long Succeeded => Interlocked.Read(ref _succeeded);

        public long Failed => Interlocked.Read(ref _failed);

        public string? FirstError => Volatile.Read(ref _firstError);

        public void Add(bool succeeded, string? error)
        {
            if (succeeded)
            {
                Interlocked.Increment(ref _succeeded);
                return;
            }

            Interlocked.Increment(ref _failed);
            if (error is not null)
            {
                Interlocked.CompareExchange(ref _firstError, error, null);
            }
        }
    }
}
