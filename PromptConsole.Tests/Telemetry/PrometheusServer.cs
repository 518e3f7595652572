using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Telemetry;

/// <summary>
/// A real Prometheus server (Debian 2.42) in a temporary folder, scraping one target every second,
/// optionally with rule files loaded. Started per test class; stopped (by its own process) on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PrometheusServer(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        _process.OutputDataReceived += (_, e) => Log(e.Data);
        _process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Prometheus' HTTP API (<c>api/v1/…</c>).</summary>
    public HttpClient Client { get; }

    /// <summary>The body of the last query, for failure messages.</summary>
    public string LastAnswer { get; private set; } = "(none)";

    public static async Task<PrometheusServer> StartAsync(Uri target, params string[] ruleFiles)
    {
        var prometheusPath = PrometheusTools.Require(PrometheusTools.PrometheusPath);
        var directory = Directory.CreateTempSubdirectory("promptconsole-prometheus-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "prometheus.yml");
        var rules = ruleFiles.Length == 0 ? "" : "rule_files:\n" + string.Concat(ruleFiles.Select(f => $"  - \"{f}\"\n"));
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            {rules}
            scrape_configs:
              - job_name: promptconsole
                scrape_interval: 1s
                scrape_timeout: 1s
                static_configs:
                  - targets: ["{target.Host}:{target.Port}"]
            """);
        var start = new ProcessStartInfo(prometheusPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(directory, "data")}");
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        return new PrometheusServer(directory, Process.Start(start)!, port);
    }

    /// <summary>Starts the application on a real Kestrel port (Prometheus needs one to scrape) and returns its address.</summary>
    public static Uri StartOnKestrel(PromptConsoleFactory factory)
    {
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal));
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>Runs <c>GET api/v1/{path}</c> and returns the parsed answer, retrying while the server is not listening or not ready yet.</summary>
    public async Task<JsonNode> GetAsync(string pathAndQuery)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"Prometheus exited with code {(_process.HasExited ? _process.ExitCode : 0)}.\n{Diagnostics()}");
            try
            {
                using var response = await Client.GetAsync("api/v1/" + pathAndQuery);
                LastAnswer = await response.Content.ReadAsStringAsync();

                // While its storage starts, Prometheus answers 503 in plain text ("Service Unavailable").
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && deadline.Elapsed < Patience)
                {
                    await Task.Delay(250);
                    continue;
                }

                return JsonNode.Parse(LastAnswer)!;
            }
            catch (HttpRequestException exception) when (deadline.Elapsed < Patience)
            {
                LastAnswer = exception.Message; // not listening yet
                await Task.Delay(250);
            }
        }
    }

    /// <summary>An instant query's whole answer (status, error, data).</summary>
    public Task<JsonNode> QueryAsync(string query) => GetAsync("query?query=" + Uri.EscapeDataString(query));

    /// <summary>Polls an instant query until its first sample satisfies <paramref name="accept"/>, or <see cref="Patience"/> passes.</summary>
    public async Task<bool> WaitForAsync(string query, Func<double, bool> accept)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            var result = (await QueryAsync(query))["data"]?["result"]?.AsArray();
            if (result is { Count: > 0 }
                && double.TryParse((string?)result[0]!["value"]![1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && accept(value))
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    public string Diagnostics()
    {
        lock (_log)
            return "Prometheus log (tail):\n" + string.Join('\n', _log.ToString().Split('\n').TakeLast(30));
    }

    private void Log(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Client.Dispose();
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
