using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PromptConsole.Tests.Deploy;

/// <summary>
/// deploy/nginx/nginx.conf under Debian's nginx: <c>nginx -t</c>, then the proxy itself on 127.0.0.1 in front of two
/// small backends standing in for the two instances. nginx resolves upstream names when it loads a configuration
/// and the compose service names exist only on the compose network, so the copy under test names the loopback
/// backends instead (and listens on a free port); nothing else is changed.
/// </summary>
public sealed class NginxProxyTests
{
    [Fact]
    public async Task Nginx_accepts_the_proxy_configuration()
    {
        await using var proxy = await ProxyRun.PrepareAsync(["127.0.0.1:1", "127.0.0.1:2"], listenPort: 1);

        var result = await proxy.TestAsync();

        Assert.True(result.ExitCode == 0, $"{result.CommandLine} exited {result.ExitCode}:\n{result.Output}\n{result.Error}");
        Assert.Contains("test is successful", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proxy_keeps_each_browser_on_one_instance_and_spreads_browsers_over_both()
    {
        await using var first = await Backend.StartAsync("promptconsole-1");
        await using var second = await Backend.StartAsync("promptconsole-2");
        await using var proxy = await ProxyRun.PrepareAsync([first.Address, second.Address], FreePort());
        await proxy.StartAsync();

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var browser = 0; browser < 12; browser++)
        {
            using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = proxy.BaseAddress };
            using var firstResponse = await client.GetAsync("/");
            var instance = await firstResponse.Content.ReadAsStringAsync();
            var cookie = Assert.Single(firstResponse.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("pc_route=", cookie, StringComparison.Ordinal);
            Assert.Contains("HttpOnly", cookie, StringComparison.Ordinal);
            seen.Add(instance);

            var route = cookie.Split(';')[0];
            for (var request = 0; request < 5; request++)
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, $"/_blazor/negotiate?n={request}");
                message.Headers.Add("Cookie", route);
                using var response = await client.SendAsync(message);
                Assert.Equal(instance, await response.Content.ReadAsStringAsync());
                Assert.False(response.Headers.Contains("Set-Cookie"), "A browser that has the cookie must keep it, not get a new one.");
            }

            // The circuit's WebSocket goes through the proxy to the same instance.
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Cookie", route);
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.Port}/_blazor?id=circuit"), CancellationToken.None);
            var buffer = new byte[64];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal(instance, Encoding.UTF8.GetString(buffer, 0, received.Count));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        // Twelve random routes all on one of two instances would be a 1 in 2,048 event: the hash spreads browsers.
        Assert.Equal(["promptconsole-1", "promptconsole-2"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_proxy_does_not_publish_metrics()
    {
        await using var first = await Backend.StartAsync("promptconsole-1");
        await using var second = await Backend.StartAsync("promptconsole-2");
        await using var proxy = await ProxyRun.PrepareAsync([first.Address, second.Address], FreePort());
        await proxy.StartAsync();
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Answers every request with its instance name, and WebSockets with one message of it.</summary>
    private sealed class Backend : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Backend(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public static async Task<Backend> StartAsync(string name)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.UseWebSockets();
            app.Run(async context =>
            {
                if (context.WebSockets.IsWebSocketRequest)
                {
                    using var socket = await context.WebSockets.AcceptWebSocketAsync();
                    await socket.SendAsync(Encoding.UTF8.GetBytes(name), WebSocketMessageType.Text, true, CancellationToken.None);
                    var closing = await socket.ReceiveAsync(new byte[64], CancellationToken.None);
                    if (closing.MessageType == WebSocketMessageType.Close)
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                    return;
                }

                await context.Response.WriteAsync(name);
            });
            await app.StartAsync();
            return new Backend(app, new Uri(app.Urls.Single()).Authority);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A copy of nginx.conf in a temporary folder, tested or run in the foreground and stopped by its PID.</summary>
    private sealed class ProxyRun : IAsyncDisposable
    {
        private readonly string _directory;
        private Process? _process;

        private ProxyRun(string directory, int port)
        {
            _directory = directory;
            Port = port;
        }

        public int Port { get; }

        public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

        private string Config => Path.Combine(_directory, "nginx.conf");

        public static async Task<ProxyRun> PrepareAsync(string[] upstreams, int listenPort)
        {
            var directory = Directory.CreateTempSubdirectory("promptconsole-nginx-").FullName;
            var config = await File.ReadAllTextAsync(DeployTools.DeployPath("nginx", "nginx.conf"));
            foreach (var (name, index) in new[] { "promptconsole-1:8080", "promptconsole-2:8080" }.Select((n, i) => (n, i)))
            {
                Assert.Contains($"server {name} ", config, StringComparison.Ordinal);
                config = config.Replace($"server {name} ", $"server {upstreams[index]} ", StringComparison.Ordinal);
            }

            Assert.Contains("listen 80;", config, StringComparison.Ordinal);
            config = config.Replace("listen 80;", $"listen 127.0.0.1:{listenPort};", StringComparison.Ordinal)
                .Replace("access_log /dev/stdout;", $"access_log {Path.Combine(directory, "access.log")};", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), config);
            return new ProxyRun(directory, listenPort);
        }

        private string[] Arguments(params string[] extra) =>
            ["-c", Config, "-p", _directory, "-e", Path.Combine(_directory, "error.log"), "-g", $"pid {Path.Combine(_directory, "nginx.pid")};{string.Join("", extra)}"];

        public Task<ToolResult> TestAsync() =>
            DeployTools.RunAsync(DeployTools.Require(DeployTools.Nginx, "nginx-light"), ["-t", .. Arguments()]);

        public async Task StartAsync()
        {
            var start = new ProcessStartInfo(DeployTools.Require(DeployTools.Nginx, "nginx-light"))
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var argument in Arguments(" daemon off;"))
                start.ArgumentList.Add(argument);
            _process = Process.Start(start)!;
            _ = _process.StandardOutput.ReadToEndAsync();
            _ = _process.StandardError.ReadToEndAsync();

            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException) when (!_process.HasExited)
                {
                    await Task.Delay(50);
                }
            }

            Assert.Fail($"nginx did not listen on {Port}:\n{ReadLog("error.log")}");
        }

        private string ReadLog(string name) => File.Exists(Path.Combine(_directory, name)) ? File.ReadAllText(Path.Combine(_directory, name)) : "";

        public async ValueTask DisposeAsync()
        {
            if (_process is { HasExited: false })
            {
                // SIGQUIT: the master stops its workers and exits (killing the master alone would leave them running).
                using (var quit = Process.Start("kill", ["-QUIT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                    await quit.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            _process?.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
