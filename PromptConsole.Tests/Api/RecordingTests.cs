using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Api;

public sealed class RecordingTests
{
    [Theory]
    [InlineData(TestDatabaseProvider.Sqlite)]
    [InlineData(TestDatabaseProvider.Postgres)]
    public async Task Every_accepted_execution_of_a_burst_is_in_the_database_after_shutdown(TestDatabaseProvider provider)
    {
        const int burst = 1_000;
        using var database = TestDatabase.Create(provider);
        var accepted = 0;
        long recorderAccepted;

        using (var app = new PromptConsoleFactory(database))
        {
            // Slow batches make sure records are still queued when the host stops.
            app.WithSetting("PromptConsole:Recording:BatchSize", "50")
               .WithSetting("PromptConsole:Recording:MaxBatchDelayMs", "1000");
            var client = app.CreateClient();
            await client.CreateDeployedPromptAsync("burst", new { template = "Item {{n}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "n", type = "Integer" } } });

            await Parallel.ForAsync(0, burst, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            {
                var (status, _, _) = await client.PostJsonAsync("/api/v1/prompts/burst/execute", new { variables = new { n = i } });
                if (status == HttpStatusCode.OK)
                    Interlocked.Increment(ref accepted);
            });
            recorderAccepted = app.Services.GetRequiredService<IExecutionRecorder>().AcceptedCount;
        } // disposing the factory stops the host: the recorder must drain its buffer

        Assert.Equal(burst, accepted);
        Assert.Equal(burst, recorderAccepted);
        using var reopened = new PromptConsoleFactory(database);
        var contexts = reopened.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        Assert.Equal(burst, await db.Set<ExecutionRecord>().CountAsync(r => r.PromptKey == "burst"));
    }

    [Fact]
    public async Task A_caller_that_gives_up_mid_call_is_recorded_as_cancelled()
    {
        using var app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Providers:slow:Kind", "Simulator")
            .WithSetting("PromptConsole:Providers:slow:LatencyMedianMs", "5000")
            .WithSetting("PromptConsole:Providers:slow:LatencyP95Ms", "5000")
            .WithSetting("PromptConsole:Models:sim-slow:Provider", "slow");
        var client = app.CreateClient();
        await client.CreateDeployedPromptAsync("patience", new { template = "Wait {{x}}", model = new { model = "sim-slow" }, variables = new[] { new { name = "x" } } });

        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.PostAsJsonAsync("/api/v1/prompts/patience/execute", new { variables = new { x = "1" } }, giveUp.Token));

        var contexts = app.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        ExecutionRecord? recorded = null;
        for (var i = 0; i < 50 && recorded is null; i++)
        {
            await app.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
            await using var db = await contexts.CreateDbContextAsync();
            recorded = await db.Set<ExecutionRecord>().SingleOrDefaultAsync(r => r.PromptKey == "patience");
            if (recorded is null)
                await Task.Delay(100);
        }

        Assert.NotNull(recorded);
        Assert.Equal(ExecutionOutcome.Cancelled, recorded.Outcome);
        Assert.Equal("sim-slow", recorded.Model);
    }

    [Fact]
    public async Task Raw_text_is_stored_only_when_capture_is_on()
    {
        using var app = new PromptConsoleFactory();
        var client = app.CreateClient();
        var version = new { template = "Secret {{s}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "s" } } };
        await client.CreateDeployedPromptAsync("private", version);
        await client.CreateDeployedPromptAsync("captured", version);
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/prompts/captured", new { captureEnabled = true, captureRetentionDays = 2 });

        await client.PostJsonAsync("/api/v1/prompts/private/execute", new { variables = new { s = "hunter2" } });
        await client.PostJsonAsync("/api/v1/prompts/captured/execute", new { variables = new { s = "swordfish" } });
        await app.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

        var contexts = app.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var hidden = await db.Set<ExecutionRecord>().SingleAsync(r => r.PromptKey == "private");
        Assert.Null(hidden.CapturedInput);
        Assert.Null(hidden.CapturedOutput);
        Assert.Equal(64, hidden.InputHash.Length);
        Assert.NotNull(hidden.OutputHash);

        var shown = await db.Set<ExecutionRecord>().SingleAsync(r => r.PromptKey == "captured");
        Assert.Equal("Secret swordfish", shown.CapturedInput);
        Assert.NotNull(shown.CapturedOutput);
        Assert.NotNull(shown.CaptureExpiresAt);
    }
}
