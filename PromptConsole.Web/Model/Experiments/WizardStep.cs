namespace PromptConsole.Web.Model.Experiments;

/// <summary>The experiment wizard's steps, in order.</summary>
public enum WizardStep
{
    Prompt,
    Arms,
    Audience,
    Metrics,
    SampleSize,
    Review,
}

/// <summary>Titles of the steps and which step shows which body field.</summary>
public static class WizardSteps
{
    public static IReadOnlyList<WizardStep> All { get; } = Enum.GetValues<WizardStep>();

    private static readonly (string Field, WizardStep Step)[] FieldSteps =
    [
        ("key", WizardStep.Prompt),
        ("prompt", WizardStep.Prompt),
        ("hypothesis", WizardStep.Prompt),
        ("arms", WizardStep.Arms),
        ("coverage", WizardStep.Audience),
        ("targeting", WizardStep.Audience),
        ("subjectAttribute", WizardStep.Audience),
        ("primaryMetric", WizardStep.Metrics),
        ("guardrails", WizardStep.Metrics),
        ("minSamplesPerArm", WizardStep.Metrics),
        ("baselineRate", WizardStep.SampleSize),
        ("baselineMean", WizardStep.SampleSize),
        ("variance", WizardStep.SampleSize),
        ("relativeMde", WizardStep.SampleSize),
        ("alpha", WizardStep.SampleSize),
        ("power", WizardStep.SampleSize),
    ];

    public static string Title(WizardStep step) => step switch
    {
        WizardStep.Prompt => "Prompt",
        WizardStep.Arms => "Arms",
        WizardStep.Audience => "Audience",
        WizardStep.Metrics => "Metrics",
        WizardStep.SampleSize => "Sample size",
        WizardStep.Review => "Review",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step."),
    };

    /// <summary>
    /// The step whose inputs an error's field belongs to: <c>arms[1].version</c> to Arms,
    /// <c>targeting[0].value</c> to Audience. Fields no step edits (such as <c>endsAt</c>) belong to Review.
    /// </summary>
    public static WizardStep StepOf(string field)
    {
        foreach (var (name, step) in FieldSteps)
        {
            if (field.Length == name.Length ? string.Equals(field, name, StringComparison.Ordinal)
                : field.StartsWith(name, StringComparison.Ordinal) && field[name.Length] is '[' or '.')
                return step;
        }

        return WizardStep.Review;
    }
}
