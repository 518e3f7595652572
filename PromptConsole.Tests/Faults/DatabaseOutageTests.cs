using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Faults;

/// <summary>
/// PostgreSQL stopped under load and restarted. The test starts a PostgreSQL of its own
/// (scripts/postgres.sh), stops it by its PID mid-load (fast shutdown, SIGINT) and restarts it on
/// the same port, and prints what the clients saw: executions keep being served from the prompt
/// snapshot in memory, every answered execution is a row afterwards, and with a small bound the
/// overflow is 503 with Retry-After rather than requests waiting for the database.
/// </summary>
[Collection(LoadTestCollection.Name)]
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string PromptKey = "outage-probe";

    private readonly string _serverDir = Path.Combine(Path.GetTempPath(), $"pc-outage-{Guid.NewGuid():N}");
    private string _server = string.Empty;
    private string _port = string.Empty;

    public async Task InitializeAsync()
    {
        _server = await RunScriptAsync("start", port: null);
        _port = _server.Split(';').Single(p => p.StartsWith("Port=", StringComparison.Ordinal))["Port=".Length..];
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RunScriptAsync("stop", port: null);
        }
        finally
        {
            try
            {
                Directory.Delete(_serverDir, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder is cleaned eventually.
            }
            catch (UnauthorizedAccessException)
            {
                // Files owned by the postgres user when the script ran as root.
            }
        }
    }

    [Fact]
    public async Task Stopping_the_database_under_load_loses_no_record_under_the_bound_and_sheds_above_it_with_503()
    {
        // 1. A generous bound: 30 s of outage at ~200 req/s stays below it; nothing may be lost or refused.
        var underBound = await RunAsync("bound 20000, 30 s outage", capacity: 20_000, rate: 200, duration: TimeSpan.FromSeconds(40),
            outageAt: TimeSpan.FromSeconds(4), outage: TimeSpan.FromSeconds(30));
        Assert.Equal(underBound.Answered, underBound.Rows);
        Assert.Equal(0, underBound.Refused);
        Assert.Equal(0, underBound.Other);
        // Readiness stays 200 through the outage (Degraded: database unreachable, records waiting), so
        // instances that share the database do not all leave the load balancer at once.
        Assert.Contains("Degraded", underBound.ReadinessSeen);
        Assert.DoesNotContain("Unhealthy", underBound.ReadinessSeen);

        // 2. A small bound: the overflow is refused at once with 503 + Retry-After; answered executions are still all stored.
        var overBound = await RunAsync("bound 300, 12 s outage", capacity: 300, rate: 200, duration: TimeSpan.FromSeconds(18),
            outageAt: TimeSpan.FromSeconds(3), outage: TimeSpan.FromSeconds(12));
        Assert.Equal(overBound.Answered, overBound.Rows);
        Assert.True(overBound.Refused > 0, "No execution was refused at the bound.");
        Assert.Equal(0, overBound.Other);
        Assert.True(overBound.P99Ms < 1_000, $"p99 {overBound.P99Ms:F0} ms: requests waited instead of being refused.");
    }

    private sealed record Figures(long Answered, long Refused, long Other, long Rows, double P50Ms, double P99Ms, double MaxMs, IReadOnlyCollection<string> ReadinessSeen);

    private async Task<Figures> RunAsync(string name, int capacity, int rate, TimeSpan duration, TimeSpan outageAt, TimeSpan outage)
    {
        using var database = TestDatabase.OnPostgresServer(_server);
        using var app = new PromptConsoleFactory(database)
            .WithSetting("PromptConsole:Recording:Capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("PromptConsole:Recording:MaxRetryDelayMs", "1000");
        using var client = app.CreateClient();
        await client.CreateDeployedPromptAsync(PromptKey, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var warm = await client.PostJsonAsync($"/api/v1/prompts/{PromptKey}/execute", new { variables = new { name = "warm" } });
        Assert.Equal(HttpStatusCode.OK, warm.Status);
        var recorder = app.Services.GetRequiredService<IExecutionRecorder>();
        await recorder.FlushAsync();

        var results = new ConcurrentBag<(HttpStatusCode Status, string? Code, bool RetryAfter, double Ms)>();
        var readiness = new ConcurrentDictionary<string, int>();
        var inFlight = new ConcurrentDictionary<Task, bool>();
        var clock = Stopwatch.StartNew();
        var maxWaiting = 0L;

        async Task OneAsync(int i)
        {
            var started = Stopwatch.GetTimestamp();
            var (status, body, response) = await client.PostJsonAsync($"/api/v1/prompts/{PromptKey}/execute", new { variables = new { name = $"n{i}" } });
            results.Add((status, (string?)body?["code"], response.Headers.RetryAfter is not null, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }

        var faults = Task.Run(async () =>
        {
            await Task.Delay(outageAt);
            var stopped = clock.Elapsed;
            await StopByPidAsync();
            output.WriteLine($"[{name}] PostgreSQL stopped at {stopped.TotalSeconds:F1} s");
            await Task.Delay(outage - (clock.Elapsed - stopped));
            await RunScriptAsync("start", _port);
            output.WriteLine($"[{name}] PostgreSQL restarted at {clock.Elapsed.TotalSeconds:F1} s (down {(clock.Elapsed - stopped).TotalSeconds:F1} s)");
        });
        var probing = Task.Run(async () =>
        {
            while (clock.Elapsed < duration + TimeSpan.FromSeconds(2))
            {
                using var ready = await client.GetAsync("/readyz");
                readiness.AddOrUpdate(await ready.Content.ReadAsStringAsync(), 1, (_, n) => n + 1);
                maxWaiting = Math.Max(maxWaiting, recorder.Status.Waiting);
                await Task.Delay(250);
            }
        });

        var sent = 0;
        while (clock.Elapsed < duration)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * rate);
            while (sent < due)
            {
                var task = OneAsync(sent++);
                inFlight[task] = true;
                _ = task.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);
            }

            await Task.Delay(5);
        }

        await Task.WhenAll(inFlight.Keys.ToArray()).WaitAsync(TimeSpan.FromSeconds(60));
        await faults;
        await probing;

        // Everything taken is written once the database is back.
        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(120));
        long rows;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync())
            rows = await db.Executions.CountAsync(e => e.PromptKey == PromptKey) - 1; // less the warm-up

        var all = results.ToArray();
        var answered = all.LongCount(r => r.Status == HttpStatusCode.OK);
        var refused = all.LongCount(r => r.Status == HttpStatusCode.ServiceUnavailable && r.Code == RecorderOverload.Code);
        var refusedWithRetryAfter = all.LongCount(r => r.Status == HttpStatusCode.ServiceUnavailable && r.Code == RecorderOverload.Code && r.RetryAfter);
        var other = all.LongCount(r => r.Status != HttpStatusCode.OK && !(r.Status == HttpStatusCode.ServiceUnavailable && r.Code == RecorderOverload.Code));
        var latencies = all.Select(r => r.Ms).Order().ToArray();
        double Quantile(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        var status = recorder.Status;
        var figures = new Figures(answered, refused, other, rows, Quantile(0.5), Quantile(0.99), latencies.LastOrDefault(), readiness.Keys.ToArray());

        output.WriteLine($"[{name}] sent {all.Length} in {duration.TotalSeconds:F0} s (~{all.Length / duration.TotalSeconds:F0} req/s), outage {outage.TotalSeconds:F0} s");
        output.WriteLine($"[{name}] answered 200: {answered}; 503 recorder-overloaded: {refused} ({refusedWithRetryAfter} with Retry-After); other: {other}");
        foreach (var group in all.Where(r => r.Status != HttpStatusCode.OK).GroupBy(r => $"{(int)r.Status} {r.Code}"))
            output.WriteLine($"[{name}]   {group.Key}: {group.Count()}");
        output.WriteLine($"[{name}] rows stored: {rows}; lost: {answered - rows}");
        output.WriteLine($"[{name}] latency p50 {figures.P50Ms:F1} ms, p99 {figures.P99Ms:F1} ms, max {figures.MaxMs:F1} ms");
        output.WriteLine($"[{name}] most records waiting in memory: {maxWaiting} (bound {capacity}); failed write attempts: {status.WriteFailures}; shed: {status.Shed}");
        output.WriteLine($"[{name}] /readyz answers seen: {string.Join(", ", readiness.Select(r => $"{r.Key} x{r.Value}"))}");
        return figures;
    }

    /// <summary>Fast shutdown of this test's own server, by the PID the script recorded (never any other process).</summary>
    private async Task StopByPidAsync()
    {
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(_serverDir, "postgres.pid"))).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
            await kill.WaitForExitAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (IsRunning(pid) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.False(IsRunning(pid), $"PostgreSQL (PID {pid}) did not stop.");

        static bool IsRunning(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    /// <summary>Runs scripts/postgres.sh on this test's directory; returns the last line of its output (the connection string on start).</summary>
    private async Task<string> RunScriptAsync(string command, string? port)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "postgres.sh"), command, _serverDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (port is not null)
            start.Environment["POSTGRES_PORT"] = port;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(process.ExitCode == 0, $"postgres.sh {command} failed: {await stderr}");
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "postgres.sh")))
                return dir.FullName;
        }

        throw new InvalidOperationException("scripts/postgres.sh not found above " + AppContext.BaseDirectory);
    }
}
