using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PromptConsole.Tests.TestSupport;

/// <summary>
/// A redis-server of the test's own (Debian package, installed by scripts/test.sh) on a free loopback port, so a
/// test can kill it (by its PID, SIGKILL) and start it again on the same port without disturbing anyone else.
/// </summary>
public sealed class RedisServer : IDisposable
{
    public const string SharedVariable = "PROMPTCONSOLE_TEST_REDIS";

    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server scripts/test.sh started (PROMPTCONSOLE_TEST_REDIS), for tests that never stop it.</summary>
    public static string Shared() =>
        Environment.GetEnvironmentVariable(SharedVariable) is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException($"{SharedVariable} is not set. Run the suite with scripts/test.sh, which starts Redis and sets it (e.g. 127.0.0.1:6379).");

    public static async Task<RedisServer> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new RedisServer(port);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
            return;
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on port {Port} within 10 s.");
    }

    /// <summary>Kills the server by its PID (SIGKILL: no goodbye to the clients), like a crash.</summary>
    public void Kill()
    {
        if (_process is not { } process)
            return;
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();
}
