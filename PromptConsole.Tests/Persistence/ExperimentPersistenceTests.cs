using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Routing;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Persistence;

/// <summary>
/// Experiments kept in the database: assignment is the same after a restart and on a second instance on
/// the same database, and results read every instance's records.
/// </summary>
public abstract class ExperimentPersistenceTests(TestDatabaseProvider provider)
{
    private const int Subjects = 10_000;

    private static async Task<(string Prompt, string Experiment)> CreateRunningExperimentAsync(HttpClient client)
    {
        var prompt = $"sticky-{Guid.NewGuid():N}"[..20];
        await client.CreateDeployedPromptAsync(prompt, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        await client.PostJsonAsync($"/api/v1/prompts/{prompt}/versions", new { template = "Hi {{name}}!", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var experiment = $"ab-{Guid.NewGuid():N}"[..20];
        var created = await client.PostJsonAsync("/api/v1/experiments", new
        {
            key = experiment,
            prompt,
            hypothesis = "v2 is better",
            arms = new object[] { new { name = "control", version = 1, weight = 1 }, new { name = "treatment", version = 2, weight = 1 }, new { name = "third", version = 2, weight = 1 } },
            coverage = 0.8,
            primaryMetric = "successRate",
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/v1/experiments/{experiment}/start")).Status);
        return (prompt, experiment);
    }

    /// <summary>The route every subject gets from this instance's snapshot: the same call the executor makes.</summary>
    private static async Task<string[]> ArmsAsync(PromptConsoleFactory factory, string prompt)
    {
        var snapshot = await factory.Services.GetRequiredService<IPromptSnapshotStore>().GetAsync(prompt);
        Assert.NotNull(snapshot);
        return Enumerable.Range(0, Subjects)
            .Select(i => RouteResolver.Resolve(snapshot, new RouteRequest(Subject: $"user-{i}")).Value)
            .Select(d => d.Kind == RouteKind.Experiment ? d.Arm! : "-")
            .ToArray();
    }

    [Fact]
    public async Task Subjects_keep_their_arm_across_a_restart_and_on_a_second_instance()
    {
        using var database = TestDatabase.Create(provider);
        string prompt;
        string[] before;
        using (var first = new PromptConsoleFactory(database))
        {
            using var client = first.CreateClient();
            (prompt, _) = await CreateRunningExperimentAsync(client);
            before = await ArmsAsync(first, prompt);

            // The HTTP path agrees with the resolver for a sample of subjects.
            for (var i = 0; i < 50; i++)
            {
                var executed = await client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" }, subject = $"user-{i}" });
                Assert.Equal(before[i], (string?)executed.Body!["route"]!["arm"] ?? "-");
            }
        }

        // Three arms and 80 % coverage: every arm and the uncovered rest all occur.
        Assert.Equal(4, before.Distinct().Count());

        using var restarted = new PromptConsoleFactory(database);
        using var other = new PromptConsoleFactory(database);
        _ = restarted.CreateClient();
        _ = other.CreateClient();
        Assert.Equal(before, await ArmsAsync(restarted, prompt));
        Assert.Equal(before, await ArmsAsync(other, prompt));
    }

    [Fact]
    public async Task Results_count_both_instances_and_flag_a_planted_45_55_split()
    {
        using var database = TestDatabase.Create(provider);
        using var first = new PromptConsoleFactory(database);
        using var second = new PromptConsoleFactory(database);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();

        var prompt = $"srm-{Guid.NewGuid():N}"[..20];
        await firstClient.CreateDeployedPromptAsync(prompt, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        await firstClient.PostJsonAsync($"/api/v1/prompts/{prompt}/versions", new { template = "Hi {{name}}!", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        var experiment = $"ab-{Guid.NewGuid():N}"[..20];
        await firstClient.PostJsonAsync("/api/v1/experiments", new
        {
            key = experiment,
            prompt,
            hypothesis = "h",
            arms = new object[] { new { name = "control", version = 1, weight = 50 }, new { name = "treatment", version = 2, weight = 50 } },
            primaryMetric = "successRate",
        });
        await firstClient.PostJsonAsync($"/api/v1/experiments/{experiment}/start");

        // Subjects picked by their arm so that 900 land in control and 1,100 in treatment: χ² = 20, p ≈ 8e-6.
        var snapshot = (await first.Services.GetRequiredService<IPromptSnapshotStore>().GetAsync(prompt))!;
        var control = new List<string>();
        var treatment = new List<string>();
        for (var i = 0; control.Count < 900 || treatment.Count < 1100; i++)
        {
            var subject = $"s-{i}";
            var arm = RouteResolver.Resolve(snapshot, new RouteRequest(Subject: subject)).Value.Arm;
            var list = arm == "control" ? control : treatment;
            if (list.Count < (arm == "control" ? 900 : 1100))
                list.Add(subject);
        }

        var subjects = control.Concat(treatment).ToArray();
        for (var i = 0; i < subjects.Length; i++)
        {
            var client = i % 2 == 0 ? firstClient : secondClient;
            var executed = await client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" }, subject = subjects[i] });
            Assert.Equal("experiment", (string?)executed.Body!["route"]!["kind"]);
        }

        await first.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        await second.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

        var results = (await secondClient.GetJsonAsync($"/api/v1/experiments/{experiment}/results")).Body!;
        Assert.Equal(900, (long)results["arms"]![0]!["n"]!);
        Assert.Equal(1100, (long)results["arms"]![1]!["n"]!);
        Assert.True((bool)results["srm"]!["mismatch"]!);
        Assert.Equal("invalid", (string?)results["recommendation"]!["action"]);
    }
}

public sealed class ExperimentPersistenceOnSqlite() : ExperimentPersistenceTests(TestDatabaseProvider.Sqlite);

public sealed class ExperimentPersistenceOnPostgres() : ExperimentPersistenceTests(TestDatabaseProvider.Postgres);
