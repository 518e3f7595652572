using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class ProbabilityTests
{
    [Theory]
    // NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2 "Critical values of the Student's t
    // distribution", column 0.975 (upper tail 0.025) and 0.995, three decimals.
    [InlineData(1, 0.025, 12.706)]
    [InlineData(2, 0.025, 4.303)]
    [InlineData(5, 0.025, 2.571)]
    [InlineData(10, 0.025, 2.228)]
    [InlineData(30, 0.025, 2.042)]
    [InlineData(100, 0.025, 1.984)]
    [InlineData(10, 0.005, 3.169)]
    [InlineData(60, 0.005, 2.660)]
    public void Student_t_quantiles_match_the_published_table(double degreesOfFreedom, double upperTail, double tableValue)
    {
        Assert.Equal(tableValue, Probability.StudentTUpperQuantile(upperTail, degreesOfFreedom), 0.0005);
    }

    [Theory]
    // Independent reference: mpmath 1.3.0 at 40 digits, bisection on the regularized incomplete beta
    // betainc(df/2, 1/2, 0, df/(df+t²))/2 = upper tail. Covers fractional (Welch) degrees of freedom, the
    // heavy-tailed start of the Newton search, and the expansion and normal branches for large df.
    [InlineData(1, 0.025, 12.706204736174704646)]
    [InlineData(1, 0.0005, 636.61924876871961621)]
    [InlineData(2.5, 0.025, 3.5746548420036832185)]
    [InlineData(2.5, 0.0005, 18.277893528130647792)]
    [InlineData(7.3, 0.025, 2.345066736547703633)]
    [InlineData(57.3, 0.025, 2.0022382682313364527)]
    [InlineData(57.3, 0.0005, 3.4685795764900147071)]
    [InlineData(1234.5, 0.025, 1.9618874833313455991)]
    [InlineData(1234.5, 0.0005, 3.2984254228684036951)]
    [InlineData(250000, 0.025, 1.9599734736701355712)]
    [InlineData(3e6, 0.0005, 3.2905299747383528854)]
    [InlineData(1e9, 0.025, 1.9599639869123254686)]
    public void Student_t_quantiles_match_a_high_precision_reference(double degreesOfFreedom, double upperTail, double reference)
    {
        var quantile = Probability.StudentTUpperQuantile(upperTail, degreesOfFreedom);

        Assert.Equal(reference, quantile, reference * 1e-9);
    }

    [Fact]
    public void A_far_t_tail_keeps_its_digits_instead_of_rounding_to_zero()
    {
        // mpmath 1.3.0 (40 digits): betainc(57.3/2, 1/2, 0, 57.3/(57.3+12.9²))/2 = 6.828837652459225e-19.
        Assert.Equal(6.828837652459225e-19, Probability.StudentTUpperTail(12.9, 57.3), 1e-27);
    }

    [Fact]
    public void The_normal_quantile_and_tail_match_the_standard_values()
    {
        // mpmath 1.3.0: the z with 1 − Φ(z) = 0.025 is 1.959963984540054; NIST e-Handbook 1.3.6.7.1 gives
        // Φ(1.96) − 0.5 = 0.47500, so the tail above 1.96 is 0.02500 to five decimals.
        Assert.Equal(1.959963984540054, Probability.NormalUpperQuantile(0.025), 1e-12);
        Assert.Equal(0.025, Probability.NormalUpperTail(1.96), 0.000005);
    }

    [Theory]
    // NIST/SEMATECH e-Handbook 1.3.6.7.4 "Critical values of the chi-square distribution" (upper tail),
    // three decimals: a statistic at the critical value has that upper-tail probability. The tolerance is what
    // the table's rounding of the statistic allows (density × 0.0005).
    [InlineData(3.841, 1, 0.05)]
    [InlineData(5.991, 2, 0.05)]
    [InlineData(11.070, 5, 0.05)]
    [InlineData(18.307, 10, 0.05)]
    [InlineData(10.828, 1, 0.001)]
    [InlineData(13.816, 2, 0.001)]
    public void Chi_square_tails_match_the_published_critical_values(double statistic, int degreesOfFreedom, double upperTail)
    {
        Assert.Equal(upperTail, Probability.ChiSquareUpperTail(statistic, degreesOfFreedom), 0.00005);
    }
}
