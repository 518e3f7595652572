using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Tests.Domain.Experiments;

/// <summary>Experiments for tests: a valid body, definitions with chosen arms, coverage and targeting, and their compiled forms.</summary>
internal static class ExperimentFixtures
{
    public static readonly IReadOnlySet<int> PromptVersions = new HashSet<int> { 1, 2, 3 };

    public static ExperimentDraft ValidDraft() => new(
        Key: "tone-test",
        Prompt: "summarize",
        Hypothesis: "A friendlier tone raises feedback without hurting latency.",
        Arms: [new ArmDraft("control", 2, 50), new ArmDraft("friendly", 3, 50)],
        Coverage: 1,
        Targeting: [new TargetingConditionDraft("plan", "in", ["pro", "team"])],
        PrimaryMetric: "feedback",
        Guardrails: ["p95Latency", "costPerExecution"],
        MinSamplesPerArm: 500,
        EndsAt: DomainFixtures.Now.AddDays(14));

    public static ExperimentDefinition Definition(
        string key = "tone-test",
        double coverage = 1,
        IReadOnlyList<TargetingCondition>? targeting = null,
        string subjectAttribute = AttributeName.Subject,
        string prompt = "summarize",
        params ExperimentArm[] arms) =>
        new(
            key, prompt, "Hypothesis", arms.Length > 0 ? arms : [new ExperimentArm("control", 2, 1), new ExperimentArm("friendly", 3, 1)],
            coverage, targeting ?? [], subjectAttribute, ExperimentMetric.Feedback, [], 100, null);

    public static Experiment Running(ExperimentDefinition definition, DateTimeOffset? startedAt = null) =>
        new(definition, ExperimentStatus.Running, startedAt ?? DomainFixtures.Now);

    public static CompiledExperiment Compile(Experiment experiment)
    {
        var compiled = CompiledExperiment.Compile(experiment);
        Assert.True(compiled.IsSuccess, compiled.Error?.Message);
        return compiled.Value;
    }

    public static TargetingCondition Condition(string attribute, TargetingOperator op, params string[] values) => new(attribute, op, values);
}
