using System.Diagnostics;
using System.Net;
using PromptConsole.Tests.Access;
using PromptConsole.Tests.TestSupport;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Fleet;

/// <summary>
/// Two instances on one PostgreSQL database and Redis: a key created on A works on B at once, and a key revoked on A
/// is refused by B within a second, although B caches keys for 30 s. The figure is printed.
/// </summary>
public sealed class KeyRevocationPropagationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_key_revoked_on_one_instance_is_refused_by_the_other_within_a_second()
    {
        using var fleet = FleetInstances.Start(RedisServer.Shared(), f => f.WithSetting("PromptConsole:Fleet:VersionCheckInterval", "01:00:00"));
        using var adminA = fleet.A.CreateClient();
        var secret = await AccessTestKeys.CreateAsync(adminA, "fleet-key", ["execute"]);
        using var onB = fleet.B.CreateClientWithKey(secret);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/models")).StatusCode); // B reads and caches the key

        var id = (string)(await adminA.GetJsonAsync("/api/v1/keys")).Body!.AsArray().Single(k => (string?)k!["name"] == "fleet-key")!["id"]!;
        var since = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await adminA.SendJsonAsync(HttpMethod.Delete, $"/api/v1/keys/{id}")).Status);
        while ((await onB.GetAsync("/v1/models")).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(5), "B still accepts the revoked key after 5 s");
            await Task.Delay(2);
        }

        var line = $"[fleet] key revoked on A, refused by B after {since.Elapsed.TotalMilliseconds:F0} ms over Redis pub/sub (revoke request included)";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(since.Elapsed < TimeSpan.FromSeconds(1), line);
    }
}
