using System.Diagnostics;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;

namespace PromptConsole.Bench.Routing;

/// <summary>One routing case: a snapshot and a request, and the experiment key the request must land in (null: the label).</summary>
public sealed record RoutingCase(string Name, PromptSnapshot Snapshot, RouteRequest Request, string? ExpectedRoute);

/// <summary>The figures of one case: the best per-call time of many short batches, and their median.</summary>
public sealed record RoutingFigure(string Name, double BestNs, double MedianNs);

/// <summary>
/// What routing adds per execution when experiments run on a prompt: <see cref="RouteResolver.Resolve"/>
/// in process, on the snapshot the gateway keeps in memory, with no experiment (the baseline) and
/// with 20 running ones. Each case runs in short batches (500 calls); the best batch shows the cost
/// without the rest of the machine's load, the median what a busy machine adds.
/// </summary>
public static class RoutingBenchmark
{
    private const int PerBatch = 500;
    private const int Batches = 2_000;
    private static readonly DateTimeOffset StartedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<RoutingFigure> Run()
    {
        var prompt = ServedPrompt();
        var request = new RouteRequest(
            Subject: "user-123456",
            Tenant: "tenant-19",
            Attributes: new Dictionary<string, string> { ["plan"] = "enterprise", ["seats"] = "40", ["region"] = "eu-west-1" });
        RoutingCase[] cases =
        [
            new("no experiment (baseline)", PromptSnapshot.From(prompt), request, null),
            // Each experiment targets a plan set, a seat count and one tenant; the request is eligible
            // only for the last, so all 20 targetings run and the last one hashes the subject.
            new("20 running, typical targeting", Snapshot(prompt, i =>
            [
                new TargetingCondition("plan", TargetingOperator.In, ["pro", "team", "enterprise"]),
                new TargetingCondition("seats", TargetingOperator.GreaterThanOrEqual, ["5"]),
                new TargetingCondition("tenant", TargetingOperator.EqualTo, [$"tenant-{i:00}"]),
            ]), request, "exp-19"),
            // The costliest conditions on every experiment: a set, a number, a sticky percentage and a
            // regular expression that fails only at the end, so nothing short-circuits early.
            new("20 running, worst-case targeting", Snapshot(prompt, i =>
            [
                new TargetingCondition("plan", TargetingOperator.In, ["pro", "team", "enterprise"]),
                new TargetingCondition("seats", TargetingOperator.GreaterThanOrEqual, ["5"]),
                new TargetingCondition("subject", TargetingOperator.Percentage, ["1"]),
                new TargetingCondition("region", TargetingOperator.MatchesRegex, [i == 19 ? "^eu-" : $"^eu-west-{i + 2}$"]),
            ]), request, "exp-19"),
            new("20 running, untargeted (first one serves)", Snapshot(prompt, _ => []), request, "exp-00"),
        ];

        return cases.Select(Measure).ToList();
    }

    private static RoutingFigure Measure(RoutingCase routing)
    {
        var decision = RouteResolver.Resolve(routing.Snapshot, routing.Request);
        var route = decision.Value.Kind == RouteKind.Experiment ? decision.Value.RouteId : null;
        if (route != routing.ExpectedRoute)
            throw new BenchSetupException($"routing case '{routing.Name}' went to {route ?? "the label"}, expected {routing.ExpectedRoute ?? "the label"}");

        var perCall = new double[Batches];
        for (var batch = 0; batch < Batches; batch++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < PerBatch; i++)
                RouteResolver.Resolve(routing.Snapshot, routing.Request);
            perCall[batch] = Stopwatch.GetElapsedTime(started).TotalNanoseconds / PerBatch;
        }

        Array.Sort(perCall);
        return new RoutingFigure(routing.Name, perCall[0], perCall[Batches / 2]);
    }

    private static PromptSnapshot Snapshot(Prompt prompt, Func<int, IReadOnlyList<TargetingCondition>> targeting)
    {
        var experiments = Enumerable.Range(0, 20).Select(i =>
        {
            var definition = new ExperimentDefinition(
                $"exp-{i:00}", prompt.Key, "Routing cost", [new ExperimentArm("control", 2, 1), new ExperimentArm("candidate", 3, 1)],
                1, targeting(i), AttributeName.Subject, ExperimentMetric.SuccessRate, [], 100, null);
            var compiled = CompiledExperiment.Compile(new Experiment(definition, ExperimentStatus.Running, StartedAt.AddMinutes(i)));
            return compiled.IsSuccess ? compiled.Value : throw new BenchSetupException(compiled.Error!.Message);
        });
        return PromptSnapshot.From(prompt, PromptExperiments.From(experiments), null);
    }

    private static Prompt ServedPrompt()
    {
        var prompt = Prompt.Create("routing-bench", "Routing bench", "", [], "bench", StartedAt).Value;
        for (var n = 1; n <= 3; n++)
        {
            var draft = new VersionDraft($"Answer #{n}: {{{{question}}}}", new ModelSettings("sim-fast", 0.2, 64), [new VariableDeclaration("question")]);
            if (!prompt.AddVersion(draft, "bench", StartedAt).IsSuccess)
                throw new BenchSetupException("could not add a version to the routing bench prompt");
        }

        if (!prompt.Deploy(LabelName.Production, 2, "bench", null, StartedAt).IsSuccess)
            throw new BenchSetupException("could not deploy the routing bench prompt");
        return prompt;
    }
}
