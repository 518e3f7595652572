using System.Diagnostics;
using System.Net.Http.Headers;

namespace PromptConsole.Bench.Telemetry;

/// <summary>What a periodic scraper did while it ran.</summary>
internal sealed record ScrapeLoopStats(int Scrapes, int Failures, long Bytes, double MaxMs, string? FirstError);

/// <summary>
/// Scrapes <c>/metrics</c> at a fixed interval on its own connection, as Prometheus does, until
/// stopped. A scrape that fails is counted, not retried; a slow one delays the next tick, never
/// stacks up behind it.
/// </summary>
internal sealed class MetricsScraper : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _metricsUri;
    private readonly PeriodicTimer _timer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _scrapes;
    private int _failures;
    private long _bytes;
    private long _maxTicks;
    private string? _firstError;

    private MetricsScraper(HttpClient client, Uri metricsUri, TimeSpan interval)
    {
        _client = client;
        _metricsUri = metricsUri;
        _timer = new PeriodicTimer(interval);
        _loop = Task.Run(RunAsync);
    }

    public static MetricsScraper Start(HttpClient client, Uri metricsUri, TimeSpan interval) => new(client, metricsUri, interval);

    /// <summary>Stops the loop (waiting for a scrape in progress) and returns what it did.</summary>
    public async Task<ScrapeLoopStats> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return new ScrapeLoopStats(_scrapes, _failures, _bytes, _maxTicks * 1000.0 / Stopwatch.Frequency, _firstError);
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(_stop.Token))
            {
                await ScrapeOnceAsync();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task ScrapeOnceAsync()
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _metricsUri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain") { Parameters = { new NameValueHeaderValue("version", "0.0.4") } });
            using var response = await _client.SendAsync(request, _stop.Token);
            byte[] body = await response.Content.ReadAsByteArrayAsync(_stop.Token);
            if (!response.IsSuccessStatusCode)
            {
                Fail($"HTTP {(int)response.StatusCode}");
                return;
            }

            _scrapes++;
            _bytes += body.Length;
            _maxTicks = Math.Max(_maxTicks, Stopwatch.GetTimestamp() - started);
        }
        catch (HttpRequestException exception)
        {
            Fail(exception.Message);
        }
        catch (TaskCanceledException exception) when (!_stop.IsCancellationRequested)
        {
            Fail($"timeout: {exception.Message}");
        }
    }

    private void Fail(string error)
    {
        _failures++;
        _firstError ??= error;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _timer.Dispose();
        _stop.Dispose();
    }
}
