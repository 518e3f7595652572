using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;

namespace PromptConsole.Tests.Domain;

public sealed class ContextBudgetTests
{
    [Theory]
    [InlineData(100, 0, true)]
    [InlineData(1_000_000, 0, true)]
    [InlineData(8_000, 8_000, true)]
    [InlineData(8_001, 8_000, false)]
    [InlineData(0, 1, true)]
    [InlineData(200_000, 128_000, false)]
    public void Only_a_prompt_that_cannot_fit_a_known_window_is_refused(int estimate, int window, bool fits)
    {
        var error = ContextBudget.Check(estimate, window, "m");

        Assert.Equal(fits, error is null);
        if (error is not null)
        {
            Assert.Equal(ErrorKind.TooLarge, error.Kind);
            Assert.Equal("context-window-exceeded", error.Code);
            Assert.Equal("variables", Assert.Single(error.Fields!).Field);
        }
    }
}
