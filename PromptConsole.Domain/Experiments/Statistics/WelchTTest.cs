namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// Welch's t statistic, its Welch–Satterthwaite degrees of freedom and the two-sided p-value of "equal means".
/// <see cref="T"/> is ±∞ only when both arms have zero variance and different means (see <see cref="WelchTTest"/>).
/// </summary>
/// <param name="StandardError">√(v_C / n_C + v_T / n_T), the standard error of the difference of the means.</param>
public sealed record WelchTTestResult(double T, double DegreesOfFreedom, double PValue, double StandardError);

/// <summary>
/// Welch's unequal-variance t-test from summary statistics. Latency and cost rarely have equal variances
/// across prompt versions, which is why Welch's and not Student's pooled test is used (as GrowthBook does).
/// </summary>
public static class WelchTTest
{
    /// <summary>
    /// The test of treatment against control; null when an arm has fewer than two observations (no variance
    /// estimate exists). When both variances are zero the standard error is zero: equal means give t = 0 and
    /// p = 1, different means t = ±∞ and p = 0, and the degrees of freedom (0/0 in Welch's formula) are
    /// reported as n_C + n_T − 2, which does not affect either p-value.
    /// </summary>
    public static WelchTTestResult? Run(SampleSummary control, SampleSummary treatment)
    {
        if (control.Count < 2 || treatment.Count < 2)
            return null;

        var controlTerm = control.Variance / control.Count;
        var treatmentTerm = treatment.Variance / treatment.Count;
        var standardErrorSquared = controlTerm + treatmentTerm;
        var difference = treatment.Mean - control.Mean;

        if (standardErrorSquared == 0)
        {
            var t = difference == 0 ? 0 : difference > 0 ? double.PositiveInfinity : double.NegativeInfinity;
            return new WelchTTestResult(t, control.Count + treatment.Count - 2, difference == 0 ? 1 : 0, 0);
        }

        var degreesOfFreedom = standardErrorSquared * standardErrorSquared
            / (controlTerm * controlTerm / (control.Count - 1) + treatmentTerm * treatmentTerm / (treatment.Count - 1));
        var standardError = Math.Sqrt(standardErrorSquared);
        var statistic = difference / standardError;
        return new WelchTTestResult(statistic, degreesOfFreedom, Probability.StudentTTwoSidedPValue(statistic, degreesOfFreedom), standardError);
    }
}
