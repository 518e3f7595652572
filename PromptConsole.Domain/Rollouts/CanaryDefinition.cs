namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// What an operator asks for when starting a canary: <paramref name="CandidateVersion"/> takes
/// <paramref name="Steps"/> (percentages, increasing, the last at most 100) of the traffic that resolves to
/// <paramref name="Label"/>; each step lasts at least <paramref name="StepDuration"/> and
/// <paramref name="MinExecutionsPerStep"/> candidate executions before it may advance.
/// </summary>
public sealed record CanaryDefinition(
    string Label,
    int CandidateVersion,
    IReadOnlyList<int> Steps,
    TimeSpan StepDuration,
    int MinExecutionsPerStep,
    IReadOnlyList<CanaryGate> Gates)
{
    public static readonly IReadOnlyList<int> DefaultSteps = [5, 25, 50, 100];

    public static readonly TimeSpan DefaultStepDuration = TimeSpan.FromMinutes(10);

    public const int DefaultMinExecutionsPerStep = 50;
}
