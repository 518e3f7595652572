using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Fleet;

/// <summary>
/// The global configuration version moves with every change the execution path caches (in the change's own
/// transaction), the semantic cache settings of raw conversations included, and stays put for everything else, e.g. executions being recorded.
/// </summary>
public sealed class ConfigurationVersionTests
{
    [Theory]
    [InlineData(TestDatabaseProvider.Sqlite)]
    [InlineData(TestDatabaseProvider.Postgres)]
    public async Task Every_configuration_change_bumps_the_version_and_executions_do_not(TestDatabaseProvider provider)
    {
        using var factory = new PromptConsoleFactory(provider);
        var client = factory.CreateClient();
        var key = $"version-{Guid.NewGuid():N}"[..24];

        var start = await VersionAsync(factory);
        await client.CreateDeployedPromptAsync(key, new
        {
            template = "Greet {{name}}.",
            model = new { model = "sim-fast" },
            variables = new object[] { new { name = "name" } },
        });
        var afterCreateAndDeploy = await VersionAsync(factory);
        Assert.Equal(start + 2, afterCreateAndDeploy);

        var executed = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" } });
        Assert.Equal(HttpStatusCode.OK, executed.Status);
        var recorder = factory.Services.GetRequiredService<BatchingExecutionRecorder>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (recorder.WrittenCount < 1 && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20);
        Assert.True(recorder.WrittenCount >= 1, "the execution was recorded");
        Assert.Equal(afterCreateAndDeploy, await VersionAsync(factory));

        var flag = await client.PostJsonAsync("/api/v1/flags", new
        {
            key = key + "-f",
            description = "d",
            enabled = true,
            variants = new object[] { new { name = "off", value = false }, new { name = "on", value = true } },
            defaultVariant = "on",
            targeting = Array.Empty<object>(),
            rollout = Array.Empty<object>(),
        });
        Assert.Equal(HttpStatusCode.Created, flag.Status);
        Assert.Equal(afterCreateAndDeploy + 1, await VersionAsync(factory));

        // The semantic cache settings of raw conversations: the first save inserts their row, the second updates it.
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Put, "/api/v1/gateway/semantic-cache", new { mode = "shadow" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Put, "/api/v1/gateway/semantic-cache", new { threshold = 0.97 })).Status);
        Assert.Equal(afterCreateAndDeploy + 3, await VersionAsync(factory));
    }

    [Fact]
    public void The_bump_statement_is_valid_T_SQL()
    {
        // SQL Server cannot run here; the statement is checked offline like the rest of its SQL.
        TransactSql.AssertValid(ConfigurationVersionBump.Sql);
    }

    private static async Task<long> VersionAsync(PromptConsoleFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync();
        return await db.ConfigurationVersions.AsNoTracking().Where(v => v.Id == ConfigurationVersionRow.SingletonId).Select(v => v.Version).SingleAsync();
    }
}
