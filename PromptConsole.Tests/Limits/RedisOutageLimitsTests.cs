using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.Fleet;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Limits;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Limits;

/// <summary>
/// Fault: the Redis that two instances count limits in is killed (SIGKILL, by its PID) under load and restarted.
/// Not one request fails (only 200s and intended 429s), the limits keep being enforced from the database while
/// Redis is away, and the instances go back to Redis once it is up. The figures are printed.
/// </summary>
public sealed class RedisOutageLimitsTests(ITestOutputHelper output)
{
    private const int Rps = 20;

    [Fact]
    public async Task Redis_killed_under_load_and_restarted_fails_no_request_and_limits_hold_from_the_database()
    {
        using var redis = await RedisServer.StartAsync();
        using var fleet = FleetInstances.Start(redis.ConnectionString);
        using var a = fleet.A.CreateClient();
        using var b = fleet.B.CreateClient();
        var prompt = await LimitsHttp.CreatePromptAsync(a);
        var limiterA = fleet.A.Services.GetRequiredService<IUsageLimiter>();
        var limiterB = fleet.B.Services.GetRequiredService<IUsageLimiter>();
        var caller = TestCaller.Of($"key-{Guid.NewGuid():N}", rps: Rps);
        for (var i = 0; i < 3; i++)
        {
            // Warm both instances (first-request compilation) so the figures measure the fault, not the start.
            await LimitsHttp.ExecuteAsync(a, prompt, TestCaller.Of("warm-up"));
            await LimitsHttp.ExecuteAsync(b, prompt, TestCaller.Of("warm-up"));
        }

        var outcomes = new List<(HttpStatusCode Status, TimeSpan At, bool RedisDown, TimeSpan Took)>();
        var clock = Stopwatch.StartNew();
        var redisDown = false;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var client = w % 2 == 0 ? a : b;
            while (!stop.IsCancellationRequested)
            {
                HttpStatusCode status;
                var started = clock.Elapsed;
                try
                {
                    status = (await LimitsHttp.ExecuteAsync(client, prompt, caller)).Status;
                }
                catch (HttpRequestException)
                {
                    status = HttpStatusCode.ServiceUnavailable;
                }

                lock (outcomes)
                    outcomes.Add((status, clock.Elapsed, Volatile.Read(ref redisDown), clock.Elapsed - started));
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var beforeKill = Count(outcomes);
        redis.Kill();
        Volatile.Write(ref redisDown, true);
        var killedAt = clock.Elapsed;
        var fellBack = await WaitAsync(() => limiterA.IsFallingBack && limiterB.IsFallingBack, TimeSpan.FromSeconds(5));
        var fallbackNoticedAfter = clock.Elapsed - killedAt;
        await Task.Delay(TimeSpan.FromSeconds(4));

        await redis.RestartAsync();
        Volatile.Write(ref redisDown, false);
        var restartedAt = clock.Elapsed;
        var backOnRedis = await WaitAsync(() => !limiterA.IsFallingBack && !limiterB.IsFallingBack, TimeSpan.FromSeconds(20));
        var backAfter = clock.Elapsed - restartedAt;
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        List<(HttpStatusCode Status, TimeSpan At, bool RedisDown, TimeSpan Took)> all;
        lock (outcomes)
            all = [.. outcomes];
        var failures = all.Count(o => o.Status is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
        var whileDown = all.Where(o => o.RedisDown).ToList();
        var okPerSecondWhileDown = whileDown.Where(o => o.Status == HttpStatusCode.OK)
            .GroupBy(o => (int)o.At.TotalSeconds).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        output.WriteLine($"Requests: {all.Count} in {clock.Elapsed.TotalSeconds:F1} s; failures: {failures}; 429s: {all.Count(o => o.Status == HttpStatusCode.TooManyRequests)}; before the kill: {beforeKill}");
        output.WriteLine($"While Redis was down ({(restartedAt - killedAt).TotalSeconds:F1} s): {whileDown.Count} requests, {whileDown.Count(o => o.Status == HttpStatusCode.OK)} admitted, {whileDown.Count(o => o.Status == HttpStatusCode.TooManyRequests)} refused (429); most admitted in one wall-clock second: {okPerSecondWhileDown} (limit {Rps})");
        var slowest = whileDown.Select(o => o.Took).DefaultIfEmpty(TimeSpan.Zero).Max();
        output.WriteLine($"Slowest request while Redis was down: {slowest.TotalMilliseconds:F0} ms; slowest overall: {all.Max(o => o.Took).TotalMilliseconds:F0} ms");
        output.WriteLine($"Fallback to the database noticed {fallbackNoticedAfter.TotalMilliseconds:F0} ms after the kill; back on Redis {backAfter.TotalMilliseconds:F0} ms after the restart; database fallback lasted about {(restartedAt + backAfter - killedAt).TotalSeconds:F1} s");

        Assert.True(fellBack, "Both instances should have fallen back to the database.");
        Assert.True(backOnRedis, "Both instances should have gone back to Redis.");
        Assert.Equal(0, failures);
        Assert.Contains(whileDown, o => o.Status == HttpStatusCode.TooManyRequests);

        // No request hangs on the dead Redis. On a quiet machine the slowest is about 0.3 s (Redis's own timeouts are
        // 1 s per command and 2 s to connect); the bound leaves room for a loaded test machine's scheduling.
        Assert.True(slowest < TimeSpan.FromSeconds(10), $"A request took {slowest.TotalMilliseconds:F0} ms while Redis was down.");

        // Counted by the second each answer arrived, which can straddle the second it was admitted in.
        Assert.InRange(okPerSecondWhileDown, 1, 2 * Rps);
    }

    private static int Count(List<(HttpStatusCode, TimeSpan, bool, TimeSpan)> outcomes)
    {
        lock (outcomes)
            return outcomes.Count;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var since = Stopwatch.StartNew();
        while (since.Elapsed < timeout)
        {
            if (condition())
                return true;
            await Task.Delay(20);
        }

        return condition();
    }
}
