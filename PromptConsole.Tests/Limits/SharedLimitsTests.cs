using System.Diagnostics;
using System.Net;
using PromptConsole.Tests.Fleet;
using PromptConsole.Tests.TestSupport;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Limits;

/// <summary>
/// Two instances on one PostgreSQL database sharing one Redis (scripts/test.sh) enforce one set of limits: a burst
/// spread over both within one second admits the limit and no more, and the monthly budget spent through one
/// instance refuses on the other.
/// </summary>
public sealed class SharedLimitsTests(ITestOutputHelper output)
{
    private static FleetInstances StartFleet() => FleetInstances.Start(RedisServer.Shared(), f => f
        .WithSetting("PromptConsole:Limits:BudgetFlushMilliseconds", "100")
        .WithSetting("PromptConsole:Limits:BudgetReadCacheMilliseconds", "100"));

    [Fact]
    public async Task A_burst_over_two_instances_admits_at_most_the_rps_limit_per_second()
    {
        using var fleet = StartFleet();
        using var a = fleet.A.CreateClient();
        using var b = fleet.B.CreateClient();
        var prompt = await LimitsHttp.CreatePromptAsync(a);
        await LimitsHttp.ExecuteAsync(b, prompt, TestCaller.Of("warm-up")); // B loads the prompt before the burst

        // A Redis call that times out (1 s) on a loaded machine is counted in the database instead, apart from the
        // other instance's count in Redis: a burst during which that happened does not test the shared window, and
        // is sent again (the database counts are on /metrics).
        for (var attempt = 1; ; attempt++)
        {
            var before = await DatabaseCountsAsync(a, b);
            var caller = TestCaller.Of($"key-{Guid.NewGuid():N}", rps: 10);
            var results = await BurstAsync(a, b, prompt, caller, 40);
            var onDatabase = await DatabaseCountsAsync(a, b) - before;
            var admitted = results.Count(r => r.Status == HttpStatusCode.OK);
            var refused = results.Count(r => r.Status == HttpStatusCode.TooManyRequests);
            var seconds = results.Select(r => r.Second).Distinct().Count();
            output.WriteLine($"40 requests over two instances (rps 10): {admitted} admitted, {refused} refused, seconds spanned {seconds}, counts on the database {onDatabase}");
            if (onDatabase > 0 && attempt < 3)
                continue;

            Assert.Equal(0, onDatabase);
            Assert.Equal(40, admitted + refused);
            Assert.InRange(admitted, 1, 10 * seconds);
            if (seconds == 1)
                Assert.Equal(10, admitted);
            return;
        }
    }

    /// <summary>The usage-limit counts the database took over from Redis, summed over the instances.</summary>
    private static async Task<double> DatabaseCountsAsync(params HttpClient[] instances)
    {
        var sum = 0.0;
        foreach (var client in instances)
        {
            // The limiter's metrics appear once it has first been used; before that nothing was counted anywhere.
            var line = (await client.GetStringAsync("/metrics")).Split('\n')
                .SingleOrDefault(l => l.StartsWith("promptconsole_usage_limits_database_counts_total ", StringComparison.Ordinal));
            sum += line is null ? 0 : double.Parse(line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }

        return sum;
    }

    [Fact]
    public async Task A_budget_spent_on_one_instance_refuses_on_the_other()
    {
        using var fleet = StartFleet();
        using var a = fleet.A.CreateClient();
        using var b = fleet.B.CreateClient();
        var prompt = await LimitsHttp.CreatePromptAsync(a);
        var caller = TestCaller.Of($"key-{Guid.NewGuid():N}", budget: 0.000001m);

        Assert.Equal(HttpStatusCode.OK, (await LimitsHttp.ExecuteAsync(a, prompt, caller)).Status);
        var since = Stopwatch.StartNew();
        (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body, HttpResponseMessage Response) onB;
        do
        {
            onB = await LimitsHttp.ExecuteAsync(b, prompt, caller);
        }
        while (onB.Status == HttpStatusCode.OK && since.Elapsed < TimeSpan.FromSeconds(5));

        output.WriteLine($"B refused the budget spent on A after {since.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.TooManyRequests, onB.Status);
        Assert.Equal("key.monthlyBudget", (string?)onB.Body!["limit"]);
        Assert.True(LimitsHttp.RetryAfter(onB.Response) > 60);
    }

    /// <summary>Waits for a fresh second, then sends the requests at once, alternating instances.</summary>
    private static async Task<(HttpStatusCode Status, long Second)[]> BurstAsync(HttpClient a, HttpClient b, string prompt, string caller, int count)
    {
        var now = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromMilliseconds(1000 - now.Millisecond + 20));
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var answer = await LimitsHttp.ExecuteAsync(i % 2 == 0 ? a : b, prompt, caller);
            var ended = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return (answer.Status, started == ended ? started : -ended);
        }));
    }
}
