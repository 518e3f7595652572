namespace PromptConsole.Domain.Calibration;

/// <summary>
/// One execution that has both an automated grade (0..1) and people's feedback (1–5). <see cref="Delta"/> puts the grade
/// on the feedback's scale (1 + 4 × score, so 0 → 1 star and 1 → 5 stars) and subtracts the feedback: positive when the
/// evaluator is kinder than people, negative when it is harsher.
/// </summary>
public sealed record CalibrationPair(DateTimeOffset At, double AutomatedScore, int Feedback)
{
    public double Delta => CalibrationDelta.Of(AutomatedScore, Feedback);
}

public static class CalibrationDelta
{
    /// <summary>The automated score on the 1–5 scale.</summary>
    public static double OnFeedbackScale(double automatedScore) => 1 + (4 * automatedScore);

    public static double Of(double automatedScore, int feedback) => OnFeedbackScale(automatedScore) - feedback;
}
