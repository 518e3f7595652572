using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PromptConsole.Bench;

/// <summary>
/// A gateway started as its own process on a loopback port: PromptConsole (as operators run it, with a
/// throw-away SQLite file and one OpenAI provider pointing at the stub), or the bare forwarder that is
/// the bench's floor. Disposing kills the process by its handle and deletes the temporary directory.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    public const string PromptKey = "bench";

    private const int OutputTailLines = 60;
    private readonly Process _process;
    private readonly DirectoryInfo _temporaryDirectory;
    private readonly string _name;
    private readonly Queue<string> _outputTail = new();
    private int _disposed;

    private GatewayProcess(Process process, DirectoryInfo temporaryDirectory, Uri baseUri, string name)
    {
        _process = process;
        _temporaryDirectory = temporaryDirectory;
        BaseUri = baseUri;
        _name = name;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    /// <summary>User plus system CPU time the process has used since it started.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public Uri ExecuteUri => new(BaseUri, $"api/v1/prompts/{PromptKey}/execute");

    public Uri MetricsUri => new(BaseUri, "metrics");

    /// <summary>PromptConsole with the harness's settings, then <paramref name="extraEnvironment"/> (which wins).</summary>
    public static Task<GatewayProcess> StartAsync(
        string appDllPath,
        Uri stubBaseUri,
        IReadOnlyList<KeyValuePair<string, string>> extraEnvironment,
        HttpClient client,
        CancellationToken cancellationToken) =>
        StartAsync("PromptConsole", appDllPath, (port, directory) => AppEnvironment(port, Path.Combine(directory, "bench.db"), stubBaseUri), extraEnvironment, client, cancellationToken);

    /// <summary>
    /// The bare forwarder (bench/PromptConsole.Bench.Forwarder) in front of the stub, with the same
    /// <paramref name="extraEnvironment"/> as PromptConsole, so runtime settings tried on one apply to both.
    /// </summary>
    public static Task<GatewayProcess> StartForwarderAsync(
        string forwarderDllPath,
        Uri stubBaseUri,
        IReadOnlyList<KeyValuePair<string, string>> extraEnvironment,
        HttpClient client,
        CancellationToken cancellationToken) =>
        StartAsync("the bare forwarder", forwarderDllPath, (port, _) => ForwarderEnvironment(port, stubBaseUri), extraEnvironment, client, cancellationToken);

    private static async Task<GatewayProcess> StartAsync(
        string name,
        string dllPath,
        Func<int, string, IEnumerable<(string Name, string Value)>> environment,
        IReadOnlyList<KeyValuePair<string, string>> extraEnvironment,
        HttpClient client,
        CancellationToken cancellationToken)
    {
        var temporaryDirectory = Directory.CreateTempSubdirectory("promptconsole-bench-");
        int port = FindFreeLoopbackPort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");

        var startInfo = new ProcessStartInfo(DotnetHostPath())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // appsettings.json sits next to the dll; content root is the working directory.
            WorkingDirectory = Path.GetDirectoryName(dllPath)!,
        };
        startInfo.ArgumentList.Add(dllPath);
        foreach (var (variable, value) in environment(port, temporaryDirectory.FullName))
        {
            startInfo.Environment[variable] = value;
        }

        foreach (var (variable, value) in extraEnvironment)
        {
            startInfo.Environment[variable] = value;
        }

        var process = new Process { StartInfo = startInfo };
        GatewayProcess? gateway = null;
        try
        {
            process.Start();
            gateway = new GatewayProcess(process, temporaryDirectory, baseUri, name);
            process.OutputDataReceived += (_, line) => gateway.KeepOutput(line.Data);
            process.ErrorDataReceived += (_, line) => gateway.KeepOutput(line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await gateway.WaitUntilListeningAsync(client, TimeSpan.FromSeconds(60), cancellationToken);
            return gateway;
        }
        catch
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
            else
            {
                process.Dispose();
                temporaryDirectory.Delete(recursive: true);
            }

            throw;
        }
    }

    private static IEnumerable<(string Name, string Value)> ForwarderEnvironment(int port, Uri stubBaseUri)
    {
        yield return ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}");
        yield return ("ASPNETCORE_ENVIRONMENT", "Production");
        yield return ("Upstream", stubBaseUri.ToString());
    }

    private static IEnumerable<(string Name, string Value)> AppEnvironment(int port, string databasePath, Uri stubBaseUri)
    {
        yield return ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}");
        yield return ("ASPNETCORE_ENVIRONMENT", "Production");
        yield return ("PromptConsole__Auth__MasterKey", BenchMasterKey);
        yield return ("DOTNET_ENVIRONMENT", "Production");
        yield return ("Logging__LogLevel__Default", "Warning");
        yield return ("Logging__LogLevel__Microsoft", "Warning");
        yield return ("Logging__LogLevel__Microsoft.AspNetCore", "Warning");
        yield return ("Logging__LogLevel__Microsoft.EntityFrameworkCore", "Warning");
        yield return ("PromptConsole__Database__Provider", "Sqlite");
        yield return ("PromptConsole__Database__ConnectionString", $"Data Source={databasePath}");
        yield return ("PromptConsole__Database__SeedDemoData", "false");
        yield return ("PromptConsole__Providers__stub__Kind", "OpenAI");
        yield return ("PromptConsole__Providers__stub__BaseUrl", new Uri(stubBaseUri, "v1").ToString());
        yield return ("PromptConsole__Providers__stub__ApiKey", "bench");
        yield return ("PromptConsole__Providers__stub__Enabled", "true");
        yield return ("PromptConsole__Models__stub-model__Provider", "stub");
        yield return ("PromptConsole__Models__stub-model__InputPer1K", "0.001");
        yield return ("PromptConsole__Models__stub-model__OutputPer1K", "0.002");
        yield return ("PromptConsole__Recording__Capacity", "100000");
    }

    /// <summary>Creates the bench prompt (version 1) and points the production label at it.</summary>
    /// <summary>The bench calls its own gateway processes with a master key, as automation would.</summary>
    public const string BenchMasterKey = "bench-master-key-local-only";

    public async Task CreateBenchPromptAsync(HttpClient client, CancellationToken cancellationToken)
    {
        const string prompt = """
            {"key":"bench","name":"Bench","firstVersion":{"template":"Answer: {{question}}","model":{"model":"stub-model"},"variables":[{"name":"question","type":"String"}]}}
            """;
        await PostExpectingSuccessAsync(client, "api/v1/prompts", prompt, "create the bench prompt", cancellationToken);
        await PostExpectingSuccessAsync(client, $"api/v1/prompts/{PromptKey}/labels/production", """{"version":1}""", "deploy version 1 to production", cancellationToken);
    }

    /// <summary>Runs the prompt once and returns the response body, failing with the app's answer if it is not a success.</summary>
    public async Task<string> ExecuteOnceAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var content = new StringContent("""{"variables":{"question":"check"}}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(ExecuteUri, content, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchSetupException($"Executing the bench prompt answered HTTP {(int)response.StatusCode}: {body}{OutputTail()}");
        }

        return body;
    }

    /// <summary>POSTs JSON to the app's API, failing the set-up with the app's answer if it is not a success.</summary>
    public async Task PostExpectingSuccessAsync(HttpClient client, string path, string json, string what, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(BaseUri, path), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new BenchSetupException($"Could not {what}: POST /{path} answered HTTP {(int)response.StatusCode}: {body}{OutputTail()}");
        }
    }

    private async Task WaitUntilListeningAsync(HttpClient client, TimeSpan limit, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new BenchSetupException($"{_name} exited with code {_process.ExitCode} during start-up.{OutputTail()}");
            }

            try
            {
                // Any HTTP answer means Kestrel is listening, which happens after the database is ready.
                using var response = await client.GetAsync(new Uri(BaseUri, "healthz"), cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new BenchSetupException($"{_name} did not listen on {BaseUri} within {limit.TotalSeconds:0} s.{OutputTail()}");
    }

    private void KeepOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputTail)
        {
            _outputTail.Enqueue(line);
            while (_outputTail.Count > OutputTailLines)
            {
                _outputTail.Dequeue();
            }
        }
    }

    /// <summary>The last lines the process wrote, for error messages.</summary>
    public string OutputTail()
    {
        lock (_outputTail)
        {
            return _outputTail.Count == 0
                ? ""
                : $"{Environment.NewLine}--- last output of {_name} ---{Environment.NewLine}{string.Join(Environment.NewLine, _outputTail)}";
        }
    }

    /// <summary>Last resort from a process-exit handler: synchronous, never throws.</summary>
    public void KillNow()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        KillNow();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"{_name} (pid {_process.Id}) did not exit within 10 s of being killed.");
            }
        }

        _process.Dispose();
        DeleteDirectory(_temporaryDirectory);
    }

    private static void DeleteDirectory(DirectoryInfo directory)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (directory.Exists)
                {
                    directory.Delete(recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 4)
            {
                Thread.Sleep(200);
            }
            catch (IOException exception)
            {
                Console.Error.WriteLine($"Could not delete {directory.FullName}: {exception.Message}");
            }
        }
    }

    private static int FindFreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetHostPath()
    {
        // Started as `dotnet PromptConsole.Bench.dll`, the current host is the dotnet we want.
        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}

/// <summary>The environment could not be set up (app did not start, API refused the prompt…): not a measurement.</summary>
internal sealed class BenchSetupException(string message) : Exception(message);
