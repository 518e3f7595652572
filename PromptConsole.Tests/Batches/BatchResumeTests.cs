using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;
using static PromptConsole.Tests.Batches.BatchTestClient;

namespace PromptConsole.Tests.Batches;

/// <summary>
/// A job survives a restart: the first instance is disposed mid-run (its in-flight items go back), a second
/// instance on the same database finishes the job, and no item that had finished is run again.
/// </summary>
public abstract class BatchResumeTests(TestDatabaseProvider provider)
{
    private const int Items = 24;

    private static PromptConsoleFactory Instance(TestDatabase database) => new PromptConsoleFactory(database)
        .WithSetting("PromptConsole:Batches:PollInterval", "00:00:00.200")
        .WithSetting("PromptConsole:Batches:ConcurrencyPerProvider", "2")
        .WithSetting("PromptConsole:Providers:slow:Kind", "Simulator")
        .WithSetting("PromptConsole:Providers:slow:LatencyMedianMs", "40")
        .WithSetting("PromptConsole:Providers:slow:LatencyP95Ms", "40")
        .WithSetting("PromptConsole:Providers:slow:ErrorRate", "0")
        .WithSetting("PromptConsole:Models:sim-slow:Provider", "slow")
        .WithSetting("PromptConsole:Models:sim-slow:InputPer1K", "0.001")
        .WithSetting("PromptConsole:Models:sim-slow:OutputPer1K", "0.002");

    [Fact]
    public async Task After_a_restart_unfinished_items_continue_and_finished_ones_are_not_run_again()
    {
        using var database = TestDatabase.Create(provider);
        string id;
        Dictionary<int, string> finishedBefore;
        var first = Instance(database);
        try
        {
            var client = first.CreateClient();
            var key = await CreatePromptAsync(client, model: "sim-slow");
            var (status, created, _) = await client.PostJsonAsync($"/api/v1/prompts/{key}/batches", new { items = Enumerable.Range(0, Items).Select(i => new { variables = new { name = $"n{i}" }, customId = $"c{i}" }).ToArray() });
            Assert.Equal(HttpStatusCode.Accepted, status);
            id = (string)created!["id"]!;
            await WaitAsync(client, id, job => (int)job["counts"]!["succeeded"]! >= 4);
        }
        finally
        {
            // A graceful stop, as on a deploy: the runner gives its in-flight items back.
            first.Dispose();
        }

        finishedBefore = await FinishedItemsAsync(database, id);
        Assert.InRange(finishedBefore.Count, 4, Items - 1);

        using var second = Instance(database);
        var secondClient = second.CreateClient();
        var done = await WaitAsync(secondClient, id);
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(Items, (int)done["counts"]!["succeeded"]!);

        // Items finished before the restart kept their result (same execution); every item succeeded exactly once.
        var finishedAfter = await FinishedItemsAsync(database, id);
        foreach (var (index, executionId) in finishedBefore)
            Assert.Equal(executionId, finishedAfter[index]);
        var lines = await ResultsAsync(secondClient, id);
        Assert.Equal(Items, lines.Select(l => (string?)l["executionId"]).Distinct().Count());

        await second.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        await using var db = await second.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync();
        var succeeded = await db.Executions.CountAsync(e => e.Origin == ExecutionOrigin.Batch && e.Outcome == ExecutionOutcome.Success);
        Assert.Equal(Items, succeeded);
    }

    private static async Task<Dictionary<int, string>> FinishedItemsAsync(TestDatabase database, string id)
    {
        using var reader = new PromptConsoleFactory(database).WithSetting("PromptConsole:Batches:RunnerEnabled", "false");
        await using var db = await reader.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync();
        var jobId = Guid.Parse(id);
        return await db.BatchItems.AsNoTracking().Where(i => i.JobId == jobId && i.Status == "succeeded")
            .ToDictionaryAsync(i => i.Index, i => i.ExecutionId!.Value.ToString());
    }
}

public sealed class BatchResumeOnSqlite() : BatchResumeTests(TestDatabaseProvider.Sqlite);

public sealed class BatchResumeOnPostgres() : BatchResumeTests(TestDatabaseProvider.Postgres);
