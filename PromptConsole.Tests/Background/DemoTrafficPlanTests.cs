using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Background;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Background;

public sealed class DemoTrafficPlanTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    private static readonly DateTimeOffset SeededAt = new(2026, 3, 15, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<DemoTarget> DemoTargets() =>
        DemoSeeder.BuildDemoPrompts(SeededAt).Select(p => DemoTarget.From(p, Today)!).ToArray();

    private static DemoStep[] Steps(IReadOnlyList<DemoTarget> targets, DemoTrafficShape shape, int count) =>
        Enumerable.Range(0, count).Select(i => DemoTrafficPlan.Next(targets, shape, DemoRandom.Derive(99, (ulong)i), Today)).ToArray();

    [Fact]
    public void A_target_is_the_production_version_plus_the_older_versions_not_newer_ones()
    {
        var supportReply = DemoSeeder.BuildDemoPrompts(SeededAt).Single(p => p.Key == "support-reply");

        var target = DemoTarget.From(supportReply, Today)!;

        Assert.Equal(2, target.Production.Number); // production → v2; v3 is only on staging
        Assert.Equal([1], target.OlderVersions.Select(v => v.Number));
    }

    [Fact]
    public void A_prompt_without_production_is_no_target()
    {
        var prompt = Prompt.Create("draft-only", "Draft only", null, null, "test", SeededAt).Value;
        Assert.True(prompt.AddVersion(new VersionDraft("Hello {{name}}", new ModelSettings("sim-fast"), [new VariableDeclaration("name")]), "test", SeededAt).IsSuccess);

        Assert.Null(DemoTarget.From(prompt, Today));
    }

    [Fact]
    public void Every_demo_prompt_is_a_target_with_an_older_version_to_pin()
    {
        var targets = DemoTargets();

        Assert.Equal(["support-reply", "summarize-ticket", "extract-order"], targets.Select(t => t.PromptKey));
        Assert.All(targets, t => Assert.Equal(2, t.Production.Number));
        Assert.All(targets, t => Assert.Equal([1], t.OlderVersions.Select(v => v.Number)));
    }

    [Fact]
    public void Versions_the_caller_does_not_allow_are_left_out()
    {
        var supportReply = DemoSeeder.BuildDemoPrompts(SeededAt).Single(p => p.Key == "support-reply");

        // v1 runs on sim-fast; production (v2) on sim-smart with a sim-fast fallback.
        Assert.Null(DemoTarget.From(supportReply, Today, v => v.Model.ModelChain.All(m => m == "sim-fast")));
        var target = DemoTarget.From(supportReply, Today, v => v.Number != 1)!;
        Assert.Equal(2, target.Production.Number);
        Assert.Empty(target.OlderVersions);
    }

    [Fact]
    public void Deprecated_older_versions_are_not_pinned()
    {
        var prompt = DemoSeeder.BuildDemoPrompts(SeededAt).Single(p => p.Key == "summarize-ticket");
        Assert.True(prompt.DeprecateVersion(1, "test", "superseded", SeededAt.AddDays(3)).IsSuccess);

        Assert.Empty(DemoTarget.From(prompt, Today)!.OlderVersions);
    }

    [Fact]
    public void Steps_spread_over_every_prompt_and_pin_older_versions_at_about_the_configured_share()
    {
        var steps = Steps(DemoTargets(), new DemoTrafficShape(FeedbackShare: 0, OlderVersionShare: 0.25, SubjectCount: 10), 1_000);

        Assert.Equal(["extract-order", "summarize-ticket", "support-reply"], steps.Select(s => s.PromptKey).Distinct().Order(StringComparer.Ordinal));
        Assert.All(steps.Where(s => s.PinnedVersion is not null), s => Assert.Equal(1, s.PinnedVersion));
        Assert.InRange(steps.Count(s => s.PinnedVersion is not null), 180, 320);
        Assert.All(steps, s => Assert.Null(s.FeedbackScore));
    }

    [Fact]
    public void No_older_version_share_means_production_only()
    {
        var steps = Steps(DemoTargets(), new DemoTrafficShape(0.5, OlderVersionShare: 0, SubjectCount: 10), 300);

        Assert.All(steps, s => Assert.Null(s.PinnedVersion));
    }

    [Fact]
    public void Subjects_come_from_the_fixed_pool()
    {
        var steps = Steps(DemoTargets(), new DemoTrafficShape(0, 0, SubjectCount: 5), 500);

        Assert.Equal(["demo-user-001", "demo-user-002", "demo-user-003", "demo-user-004", "demo-user-005"], steps.Select(s => s.Subject).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void About_the_feedback_share_gets_a_score_and_older_versions_score_lower()
    {
        var steps = Steps(DemoTargets(), new DemoTrafficShape(FeedbackShare: 0.4, OlderVersionShare: 0.5, SubjectCount: 10), 4_000);
        var scored = steps.Where(s => s.FeedbackScore is not null).ToArray();

        Assert.InRange(scored.Length, 1_400, 1_800);
        Assert.All(scored, s => Assert.InRange(s.FeedbackScore!.Value, 1, 5));
        var production = scored.Where(s => s.PinnedVersion is null).Average(s => s.FeedbackScore!.Value);
        var older = scored.Where(s => s.PinnedVersion is not null).Average(s => s.FeedbackScore!.Value);
        Assert.All(steps, s => Assert.InRange(s.AutomatedScore, 0, 1));
        Assert.True(
            steps.Where(s => s.PinnedVersion is null).Average(s => s.AutomatedScore) > steps.Where(s => s.PinnedVersion is not null).Average(s => s.AutomatedScore),
            "the demo evaluator grades production above older versions");
        Assert.InRange(production, 3.8, 4.2);
        Assert.InRange(older, 3.2, 3.6);
    }

    [Fact]
    public void A_step_is_a_function_of_its_seed_and_fills_the_chosen_versions_variables()
    {
        var targets = DemoTargets();
        var shape = new DemoTrafficShape(0.3, 0.3, 20);

        var step = DemoTrafficPlan.Next(targets, shape, 12345, Today);

        Assert.Equal(step.PromptKey, DemoTrafficPlan.Next(targets, shape, 12345, Today).PromptKey);
        Assert.Equal(step.Variables.OrderBy(v => v.Key), DemoTrafficPlan.Next(targets, shape, 12345, Today).Variables.OrderBy(v => v.Key));
        var target = targets.Single(t => t.PromptKey == step.PromptKey);
        var version = step.PinnedVersion is { } pinned ? target.OlderVersions.Single(v => v.Number == pinned) : target.Production;
        Assert.True(PromptConsole.Domain.Execution.VariableBinder.Bind(version.Variables, step.Variables).IsSuccess);
    }

    [Fact]
    public void There_must_be_a_target()
    {
        Assert.Throws<ArgumentException>(() => DemoTrafficPlan.Next([], new DemoTrafficShape(0, 0, 1), 1, Today));
    }

    [Theory]
    [InlineData(1.0, 0.0, 0.5)]
    [InlineData(1.0, 0.5, 1.0)]
    [InlineData(1.0, 0.999, 1.499)]
    [InlineData(4.0, 0.5, 0.25)]
    [InlineData(0.5, 0.0, 1.0)]
    [InlineData(2.0, 7.0, 0.75)] // out-of-range units are clamped
    public void The_wait_is_the_mean_interval_scaled_by_half_to_one_and_a_half(double rate, double unit, double expectedSeconds)
    {
        Assert.Equal(expectedSeconds, DemoTrafficPlan.Interval(rate, unit).TotalSeconds, 3);
    }

    [Fact]
    public void Jittered_waits_average_to_the_configured_rate()
    {
        var random = new DemoRandom(7);

        var mean = Enumerable.Range(0, 10_000).Average(_ => DemoTrafficPlan.Interval(3, random.NextDouble()).TotalSeconds);

        Assert.Equal(1 / 3d, mean, 2);
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.019, 1)]
    [InlineData(0.02, 2)]
    [InlineData(0.069, 2)]
    [InlineData(0.07, 3)]
    [InlineData(0.22, 4)]
    [InlineData(0.619, 4)]
    [InlineData(0.62, 5)]
    [InlineData(0.9999, 5)]
    public void Scores_follow_the_cumulative_weights(double unit, int expected)
    {
        Assert.Equal(expected, DemoTrafficPlan.Score(DemoTrafficPlan.ProductionScoreWeights, unit));
    }

    [Fact]
    public void Subject_names_are_numbered_from_one()
    {
        Assert.Equal("demo-user-001", DemoTrafficPlan.SubjectName(0));
        Assert.Equal("demo-user-050", DemoTrafficPlan.SubjectName(49));
    }
}
