using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using static PromptConsole.Tests.Domain.DomainFixtures;
using static PromptConsole.Tests.Domain.Experiments.ExperimentFixtures;

namespace PromptConsole.Tests.Domain.Routing;

/// <summary>
/// The prompt has versions 1..3, production on v2 and canary on v3. When present, the kill switch
/// "summarize-off" sends traffic to v1 and the untargeted experiment "tone-test" splits v2/v3 at full
/// coverage, so every request with a subject is enrolled.
/// </summary>
public sealed class RoutingOrderTests
{
    private static readonly Prompt Served = ServedPrompt();

    /// <summary>pinned version, label, kill switch on?, experiment running?, expected "Kind routeId vN".</summary>
    [Theory]
    [InlineData("pinned version beats the kill switch", 2, "canary", true, true, "Version v2 v2")]
    [InlineData("pinned deprecated version beats the kill switch", 1, null, true, true, "Version v1 v1")]
    [InlineData("kill switch beats an experiment", null, "canary", true, true, "KillSwitch summarize-off v1")]
    [InlineData("kill switch beats the label", null, null, true, false, "KillSwitch summarize-off v1")]
    [InlineData("experiment beats a requested label", null, "canary", false, true, "Experiment tone-test")]
    [InlineData("experiment beats production", null, null, false, true, "Experiment tone-test")]
    [InlineData("requested label beats production", null, "canary", false, false, "Label canary v3")]
    [InlineData("production last", null, null, false, false, "Label production v2")]
    public void Each_rule_beats_the_ones_after_it(string rule, int? version, string? label, bool killSwitch, bool experiment, string expected)
    {
        var snapshot = Snapshot(
            experiment ? [Compile(Running(Definition()))] : [],
            killSwitch ? new PromptKillSwitch("summarize-off", 1) : null);

        var decision = RouteResolver.Resolve(snapshot, new RouteRequest(version, label, "user-42")).Value;

        var found = decision.Kind == RouteKind.Experiment
            ? $"{decision.Kind} {decision.RouteId}"
            : $"{decision.Kind} {decision.RouteId} v{decision.VersionNumber}";
        Assert.True(expected == found, $"{rule}: expected {expected}, found {found}");
        Assert.Null(decision.NotEnrolled);
    }

    [Fact]
    public void An_experiment_decision_names_the_arm_and_its_version()
    {
        var experiment = Compile(Running(Definition()));
        var snapshot = Snapshot([experiment]);

        var decision = RouteResolver.Resolve(snapshot, new RouteRequest(Subject: "user-42")).Value;

        var assignment = experiment.Assign(new RequestAttributes("user-42"));
        var arm = experiment.Arms[assignment.ArmIndex];
        Assert.Equal(new RouteDecision(RouteKind.Experiment, "tone-test", arm.Name, arm.Version), decision);
    }

    [Fact]
    public void A_kill_switch_on_a_version_the_snapshot_lacks_falls_through()
    {
        var snapshot = Snapshot([Compile(Running(Definition()))], new PromptKillSwitch("summarize-off", 9));

        var decision = RouteResolver.Resolve(snapshot, new RouteRequest(Subject: "user-42")).Value;

        Assert.Equal(RouteKind.Experiment, decision.Kind);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(null, "canary")]
    public void A_request_without_a_subject_gets_the_label_and_says_why(string? subject, string? label)
    {
        var snapshot = Snapshot([Compile(Running(Definition()))]);

        var decision = RouteResolver.Resolve(snapshot, new RouteRequest(Label: label, Subject: subject)).Value;

        Assert.Equal(RouteKind.Label, decision.Kind);
        Assert.Equal(label ?? LabelName.Production, decision.RouteId);
        Assert.Equal(new NotEnrolled("tone-test", NotEnrolledReason.NoSubject), decision.NotEnrolled);
    }

    [Fact]
    public void A_paused_experiment_routes_nobody()
    {
        var paused = Compile(new Experiment(Definition(), ExperimentStatus.Paused, Now));
        var snapshot = Snapshot([paused]);

        foreach (var subject in Enumerable.Range(0, 1_000).Select(i => $"user-{i}"))
        {
            var decision = RouteResolver.Resolve(snapshot, new RouteRequest(Subject: subject)).Value;
            Assert.Equal(new RouteDecision(RouteKind.Label, LabelName.Production, null, 2), decision);
        }
    }

    [Fact]
    public void An_arm_on_an_unknown_version_falls_through_to_the_label()
    {
        var experiment = Compile(Running(Definition(arms: [new ExperimentArm("control", 9, 1), new ExperimentArm("ghost", 10, 1)])));

        var decision = RouteResolver.Resolve(Snapshot([experiment]), new RouteRequest(Subject: "user-42")).Value;

        Assert.Equal((RouteKind.Label, 2), (decision.Kind, decision.VersionNumber));
        Assert.Equal(new NotEnrolled("tone-test", NotEnrolledReason.UnknownVersion), decision.NotEnrolled);
    }

    /// <summary>
    /// Coverage 0.5 leaves subjects whose position is in [.25, .5) or [.75, 1) on the label. Over 10,000
    /// distinct subjects the enrolled count is Binomial(10000, 0.5) for a uniform hash: sd 50, ±4 sd = ±200.
    /// </summary>
    [Fact]
    public void Half_coverage_leaves_about_half_on_the_label_and_says_why()
    {
        var snapshot = Snapshot([Compile(Running(Definition(coverage: 0.5)))]);

        var decisions = Enumerable.Range(0, 10_000)
            .Select(i => RouteResolver.Resolve(snapshot, new RouteRequest(Subject: $"user-{i}")).Value)
            .ToArray();

        var onLabel = decisions.Where(d => d.Kind == RouteKind.Label).ToArray();
        Assert.InRange(onLabel.Length, 5_000 - 200, 5_000 + 200);
        Assert.All(onLabel, d => Assert.Equal(new NotEnrolled("tone-test", NotEnrolledReason.OutsideCoverage), d.NotEnrolled));
        Assert.Equal(10_000 - onLabel.Length, decisions.Count(d => d.Kind == RouteKind.Experiment));
    }

    [Fact]
    public void The_first_eligible_experiment_wins_by_start_time_then_key_whatever_the_load_order()
    {
        var pro = Running(Definition("pro-test", targeting: [Condition("plan", TargetingOperator.EqualTo, "pro")]), Now.AddDays(-2));
        var france = Running(Definition("fr-test", targeting: [Condition("country", TargetingOperator.EqualTo, "FR")]), Now.AddDays(-1));
        var alsoFrance = Running(Definition("be-fr-test", targeting: [Condition("country", TargetingOperator.In, "BE", "FR")]), Now.AddDays(-1));
        var request = new RouteRequest(Subject: "user-42", Attributes: new Dictionary<string, string> { ["plan"] = "pro", ["country"] = "FR" });
        var frenchFree = request with { Attributes = new Dictionary<string, string> { ["plan"] = "free", ["country"] = "FR" } };

        foreach (var order in new[] { new[] { pro, france, alsoFrance }, [alsoFrance, france, pro], [france, alsoFrance, pro] })
        {
            var snapshot = Snapshot(order.Select(Compile));
            Assert.Equal("pro-test", RouteResolver.Resolve(snapshot, request).Value.RouteId);
            Assert.Equal("be-fr-test", RouteResolver.Resolve(snapshot, frenchFree).Value.RouteId);
        }
    }

    /// <summary>A request the first experiment targets but leaves out stays out: its traffic must not feed another experiment.</summary>
    [Fact]
    public void A_request_left_out_by_the_first_eligible_experiment_is_not_offered_to_the_next()
    {
        var narrow = Running(Definition("narrow", coverage: 0.01, targeting: [Condition("plan", TargetingOperator.EqualTo, "pro")]), Now.AddDays(-2));
        var wide = Running(Definition("wide", targeting: [Condition("country", TargetingOperator.EqualTo, "FR")]), Now.AddDays(-1));
        var snapshot = Snapshot([Compile(narrow), Compile(wide)]);
        var attributes = new Dictionary<string, string> { ["plan"] = "pro", ["country"] = "FR" };

        var decisions = Enumerable.Range(0, 500).Select(i => RouteResolver.Resolve(snapshot, new RouteRequest(Subject: $"user-{i}", Attributes: attributes)).Value).ToArray();

        Assert.DoesNotContain(decisions, d => d.RouteId == "wide");
        Assert.Contains(decisions, d => d.NotEnrolled == new NotEnrolled("narrow", NotEnrolledReason.OutsideCoverage));
    }

    [Fact]
    public void Tenant_and_free_attributes_reach_targeting()
    {
        var experiment = Running(Definition(targeting:
        [
            Condition("tenant", TargetingOperator.EqualTo, "acme"),
            Condition("region", TargetingOperator.MatchesRegex, "^eu-"),
        ]));
        var snapshot = Snapshot([Compile(experiment)]);
        var region = new Dictionary<string, string> { ["region"] = "eu-west-1" };

        Assert.Equal(RouteKind.Experiment, RouteResolver.Resolve(snapshot, new RouteRequest(Subject: "u", Tenant: "acme", Attributes: region)).Value.Kind);
        Assert.Equal(RouteKind.Label, RouteResolver.Resolve(snapshot, new RouteRequest(Subject: "u", Tenant: "globex", Attributes: region)).Value.Kind);
        Assert.Equal(RouteKind.Label, RouteResolver.Resolve(snapshot, new RouteRequest(Subject: "u", Tenant: "acme")).Value.Kind);
    }

    /// <summary>
    /// Two processes build their snapshots separately (their own prompt, experiment and compiled
    /// objects, loaded in different orders); every subject must get the same decision from both.
    /// </summary>
    [Fact]
    public void Two_independently_built_snapshots_route_every_subject_alike()
    {
        static PromptSnapshot Build(bool reversed)
        {
            var experiments = new[]
            {
                Running(Definition("tone-test", 0.9, [Condition("plan", TargetingOperator.In, "pro", "team")], arms: [new ExperimentArm("control", 2, 30), new ExperimentArm("friendly", 3, 70)]), Now.AddDays(-1)),
                Running(Definition("terse-test", 0.5, [Condition("plan", TargetingOperator.EqualTo, "free")], arms: [new ExperimentArm("control", 2, 1), new ExperimentArm("terse", 1, 1)]), Now.AddDays(-2)),
            }.Select(Compile);
            return PromptSnapshot.From(ServedPrompt(), PromptExperiments.From(reversed ? experiments.Reverse() : experiments), null);
        }

        var first = Build(reversed: false);
        var second = Build(reversed: true);
        var plans = new[] { "pro", "team", "free", "enterprise" };

        var kinds = new Dictionary<string, int>();
        for (var i = 0; i < 10_000; i++)
        {
            var request = new RouteRequest(Subject: $"user-{i}", Attributes: new Dictionary<string, string> { ["plan"] = plans[i % plans.Length] });
            var a = RouteResolver.Resolve(first, request).Value;
            var b = RouteResolver.Resolve(second, request).Value;
            Assert.Equal(a, b);
            var kind = $"{a.RouteId}/{a.Arm}";
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        // Every route is exercised: both arms of both experiments and the label.
        Assert.Equal(["production/", "terse-test/control", "terse-test/terse", "tone-test/control", "tone-test/friendly"], kinds.Keys.Order(StringComparer.Ordinal));
    }

    private static PromptSnapshot Snapshot(IEnumerable<CompiledExperiment> experiments, PromptKillSwitch? killSwitch = null) =>
        PromptSnapshot.From(Served, PromptExperiments.From(experiments), killSwitch);

    private static Prompt ServedPrompt()
    {
        var prompt = PromptWithVersions(3);
        Assert.True(prompt.DeprecateVersion(1, Actor, null, Now).IsSuccess);
        Assert.True(prompt.Deploy(LabelName.Production, 2, Actor, null, Now).IsSuccess);
        Assert.True(prompt.Deploy("canary", 3, Actor, null, Now).IsSuccess);
        return prompt;
    }
}
