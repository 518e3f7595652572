using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Telemetry;

/// <summary>
/// A real Prometheus server (Debian 2.42) scraping the application on a real Kestrel port every
/// second; the test asks Prometheus' query API for what it stored.
/// </summary>
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly PromptConsoleFactory _factory = MetricsApp.BrokenModel(new PromptConsoleFactory());
    private readonly string _directory = Directory.CreateTempSubdirectory("promptconsole-prometheus-").FullName;
    private readonly HttpClient _prometheus = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly System.Text.StringBuilder _prometheusLog = new();
    private Process? _process;
    private HttpClient _app = default!;

    public async Task InitializeAsync()
    {
        var prometheusPath = PrometheusTools.Require(PrometheusTools.PrometheusPath);

        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal));
        var appUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        _app = new HttpClient { BaseAddress = appUri };

        var port = FreePort();
        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: promptconsole
                scrape_interval: 1s
                scrape_timeout: 1s
                static_configs:
                  - targets: ["127.0.0.1:{appUri.Port}"]
            """);
        var start = new ProcessStartInfo(prometheusPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(_directory, "data")}");
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Log(e.Data);
        _process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _prometheus.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    [Fact]
    public async Task Prometheus_scrapes_the_executions_made()
    {
        var up = await WaitForAsync("up{job=\"promptconsole\"}", value => value == 1);
        Assert.True(up, $"The scrape target never came up within {Patience.TotalSeconds} s.\n{Diagnostics()}");

        var key = await MetricsEndpointTests.CreatePromptAsync(_app);
        const int executions = 5;
        for (var i = 0; i < executions; i++)
            Assert.Equal(HttpStatusCode.OK, await MetricsEndpointTests.ExecuteAsync(_app, key, $"topic {i}"));

        var counted = await WaitForAsync($"sum(promptconsole_executions_total{{prompt=\"{key}\"}})", value => value == executions);
        Assert.True(counted, $"Prometheus never reported {executions} executions of {key} within {Patience.TotalSeconds} s; last answer: {_lastAnswer}\n{Diagnostics()}");

        // Histograms arrive as histograms: quantiles over the stored buckets work.
        var p95 = await WaitForAsync(
            $"histogram_quantile(0.95, sum by (le) (promptconsole_execution_duration_seconds_bucket{{prompt=\"{key}\"}}))",
            value => value is > 0 and <= 60);
        Assert.True(p95, $"No p95 latency for {key}; last answer: {_lastAnswer}");

        // Kestrel's meter is exposed when the app runs on a real server.
        Assert.True(await WaitForAsync("count(kestrel_active_connections)", value => value >= 1), $"No Kestrel metrics; last answer: {_lastAnswer}");
    }

    private string _lastAnswer = "(none)";

    /// <summary>Polls an instant query until its first sample satisfies <paramref name="accept"/>, or <see cref="Patience"/> passes.</summary>
    private async Task<bool> WaitForAsync(string query, Func<double, bool> accept)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            Assert.False(_process!.HasExited, $"Prometheus exited with code {(_process.HasExited ? _process.ExitCode : 0)}.\n{Diagnostics()}");
            try
            {
                var body = await _prometheus.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
                _lastAnswer = body;
                var result = JsonNode.Parse(body)?["data"]?["result"]?.AsArray();
                if (result is { Count: > 0 }
                    && double.TryParse((string?)result[0]!["value"]![1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    && accept(value))
                {
                    return true;
                }
            }
            catch (HttpRequestException exception)
            {
                _lastAnswer = exception.Message; // not listening yet
            }

            await Task.Delay(250);
        }

        return false;
    }

    private void Log(string? line)
    {
        if (line is null)
            return;
        lock (_prometheusLog)
            _prometheusLog.AppendLine(line);
    }

    private string Diagnostics()
    {
        lock (_prometheusLog)
            return "Prometheus log (tail):\n" + string.Join('\n', _prometheusLog.ToString().Split('\n').TakeLast(30));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        _prometheus.Dispose();
        _app?.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed by the exiting server; the temp folder is cleaned by the OS.
        }
    }
}
