using System.Diagnostics;
using System.Net;
using PromptConsole.Tests.TestSupport;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Fleet;

/// <summary>
/// Two instances on one PostgreSQL database: the semantic cache of raw conversations switched on A is in force on B,
/// which had already read (and holds) the settings before, over Redis pub/sub within a second, and without Redis through
/// the database's configuration version. The figures are printed.
/// </summary>
public sealed class ConversationCachePropagationTests(ITestOutputHelper output)
{
    private const string Path = "/api/v1/gateway/semantic-cache";

    [Fact]
    public async Task Settings_saved_on_one_instance_are_in_force_on_the_other_within_a_second_over_redis()
    {
        using var fleet = FleetInstances.Start(RedisServer.Shared(), f => f.WithSetting("PromptConsole:Fleet:VersionCheckInterval", "01:00:00"));
        var elapsed = await SwitchOnAndWaitAsync(fleet, TimeSpan.FromSeconds(5));

        Report($"[fleet] raw conversations' semantic cache switched on A, in force on B {elapsed.TotalMilliseconds:F0} ms after A answered, over Redis pub/sub");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"{elapsed}");
    }

    [Fact]
    public async Task Without_redis_the_database_version_check_carries_the_change()
    {
        using var fleet = FleetInstances.Start(redis: null, f => f.WithSetting("PromptConsole:Fleet:VersionCheckInterval", "00:00:00.200"));
        var elapsed = await SwitchOnAndWaitAsync(fleet, TimeSpan.FromSeconds(10));

        Report($"[fleet] raw conversations' semantic cache switched on A, in force on B {elapsed.TotalMilliseconds:F0} ms after A answered, through the version check (200 ms interval)");
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"{elapsed}");
    }

    private static async Task<TimeSpan> SwitchOnAndWaitAsync(FleetInstances fleet, TimeSpan limit)
    {
        using var onA = fleet.A.CreateClient();
        using var onB = fleet.B.CreateClient();
        Assert.Equal("off", (string?)(await onB.GetJsonAsync(Path)).Body!["mode"]); // B reads and holds the settings

        var put = await onA.SendJsonAsync(HttpMethod.Put, Path, new { mode = "shadow", threshold = 0.97 });
        Assert.True(put.Status == HttpStatusCode.OK, put.Body?.ToJsonString());

        // Timed from A's answer: the save is done and published then. Timing the request too measured A's first
        // request (up to a second under the full suite's load), not the propagation.
        var since = Stopwatch.StartNew();
        while ((string?)(await onB.GetJsonAsync(Path)).Body!["mode"] != "shadow")
        {
            Assert.True(since.Elapsed < limit, $"B still has the old settings after {limit}");
            await Task.Delay(2);
        }

        var seen = since.Elapsed;
        var onBNow = (await onB.GetJsonAsync(Path)).Body!;
        Assert.Equal((0.97, "saved"), ((double)onBNow["threshold"]!, (string?)onBNow["source"]));
        return seen;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
