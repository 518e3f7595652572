using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Fleet;

/// <summary>
/// Requests for a prompt key that does not exist are answered from memory for a short while instead of reaching
/// the database every time; creating the prompt (on either instance) makes it servable at once on both.
/// </summary>
public sealed class UnknownPromptCacheTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Unknown_keys_reach_the_database_once_and_a_created_prompt_is_served_at_once_on_both_instances()
    {
        var counterA = new QueryCounter();
        var counterB = new QueryCounter();
        var instance = 0;
        using var fleet = FleetInstances.Start(
            RedisServer.Shared(),
            f =>
            {
                var counter = instance++ == 0 ? counterA : counterB;
                f.WithSetting("PromptConsole:Fleet:UnknownPromptCacheDuration", "00:01:00")
                    .WithServices(services => services.ConfigureDbContext<PromptConsoleDbContext>(options => options.AddInterceptors(counter)));
            });
        var key = $"missing-{Guid.NewGuid():N}"[..24];
        var clientA = fleet.A.CreateClient();
        var clientB = fleet.B.CreateClient();

        var before = counterB.PromptLookups;
        for (var i = 0; i < 5; i++)
        {
            var missing = await clientB.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } });
            Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        }

        Assert.Equal(1, counterB.PromptLookups - before);
        var missingOnA = await clientA.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } });
        Assert.Equal(HttpStatusCode.NotFound, missingOnA.Status);

        // Created (and deployed) on A while both instances remember the key as unknown for another minute.
        var since = Stopwatch.StartNew();
        await clientA.CreateDeployedPromptAsync(key, new
        {
            template = "Greet {{name}}.",
            model = new { model = "sim-fast" },
            variables = new object[] { new { name = "name" } },
        });
        var servedOnA = await clientA.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } });
        Assert.Equal(HttpStatusCode.OK, servedOnA.Status);
        var onB = await FleetInstances.WaitForProductionAsync(fleet.B, key, 1, since, TimeSpan.FromSeconds(1));
        var servedOnB = await clientB.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } });
        Assert.Equal(HttpStatusCode.OK, servedOnB.Status);

        var line = $"[fleet] unknown key: 5 requests on B → {1} prompt lookup; created on A, served by B after {onB.TotalMilliseconds:F0} ms (create + deploy requests included)";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    [Theory]
    [InlineData(TestDatabaseProvider.Sqlite)]
    [InlineData(TestDatabaseProvider.Postgres)]
    public async Task A_single_instance_remembers_unknown_keys_and_forgets_one_once_it_is_created(TestDatabaseProvider provider)
    {
        var counter = new QueryCounter();
        using var factory = new PromptConsoleFactory(provider)
            .WithSetting("PromptConsole:Fleet:UnknownPromptCacheDuration", "00:01:00")
            .WithServices(services => services.ConfigureDbContext<PromptConsoleDbContext>(options => options.AddInterceptors(counter)));
        var client = factory.CreateClient();
        var key = $"missing-{Guid.NewGuid():N}"[..24];

        var before = counter.PromptLookups;
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } })).Status);
        Assert.Equal(1, counter.PromptLookups - before);

        await client.CreateDeployedPromptAsync(key, new
        {
            template = "Greet {{name}}.",
            model = new { model = "sim-fast" },
            variables = new object[] { new { name = "name" } },
        });
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } })).Status);
    }
}
