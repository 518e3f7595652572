using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Limits;

namespace PromptConsole.Tests.Limits;

/// <summary>
/// Redis configured but never reachable: limits are counted in the database from the first request, no request
/// fails or waits long, /readyz stays 200 with the "limits" warning, and refusals show on /metrics by limit.
/// </summary>
public sealed class UnreachableRedisLimitsTests
{
    [Fact]
    public async Task Limits_are_enforced_from_the_database_when_the_configured_Redis_is_unreachable()
    {
        using var app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Redis:Configuration", $"127.0.0.1:{ClosedPort()},connectTimeout=500");
        using var client = app.CreateClient();
        var prompt = await LimitsHttp.CreatePromptAsync(client);
        var caller = TestCaller.Of($"key-{Guid.NewGuid():N}", rps: 2);

        var statuses = new List<HttpStatusCode>();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 6; i++)
        {
            var took = Stopwatch.StartNew();
            statuses.Add((await LimitsHttp.ExecuteAsync(client, prompt, caller)).Status);
            slowest = took.Elapsed > slowest ? took.Elapsed : slowest;
        }

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(slowest < TimeSpan.FromSeconds(3), $"A request took {slowest.TotalMilliseconds:F0} ms.");
        Assert.True(app.Services.GetRequiredService<IUsageLimiter>().IsFallingBack);

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("promptconsole_usage_limits_database_fallback 1", metrics, StringComparison.Ordinal);
        Assert.Matches("promptconsole_usage_limit_refusals_total\\{limit=\"key.requestsPerSecond\"\\} [1-9]", metrics);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
