using Bunit;
using PromptConsole.Domain.Common;
using PromptConsole.Tests.Components.Rendering;
using PromptConsole.Web.Components.Pages.Prompts;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>The prompt page's Calibration tab: evaluators with pairs, mean delta, status and trend; empty and error states.</summary>
public class CalibrationTabTests : PromptPageTest
{
    [Fact]
    public async Task Each_evaluator_shows_its_pairs_mean_delta_status_and_trend()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        Calibration.Add(ReliabilityFixtures.Calibration("greeting",
            ReliabilityFixtures.Evaluator("helpfulness", 120, 0.42, "minor-drift"),
            ReliabilityFixtures.Evaluator("tone", 12, -1.2, "significant-drift")));

        var tab = await RenderTabAsync<CalibrationTab>("greeting");

        var rows = tab.WaitForElements("[data-testid=calibration-row]");
        Assert.Equal([("helpfulness", "minor-drift"), ("tone", "significant-drift")], rows.Select(r => (r.GetAttribute("data-evaluator")!, r.GetAttribute("data-status")!)));
        Assert.Equal(["+0.42", "−1.20"], rows.Select(r => r.QuerySelector("[data-testid=calibration-mean-delta]")!.TextContent));
        Assert.Equal(["Minor drift", "Significant drift"], rows.Select(r => r.QuerySelector("[data-testid=calibration-status]")!.TextContent.Trim()));
        Assert.NotNull(tab.Find("[data-testid='chart-calibration-helpfulness'] svg"));
        Assert.Equal([("greeting", TimeSpan.FromDays(28))], Calibration.Reads);
    }

    [Fact]
    public async Task Another_window_reads_again_over_it()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<CalibrationTab>("greeting");

        tab.WaitForElement("[data-testid=calibration-window-7]").Click();

        tab.WaitForAssertion(() => Assert.Equal(TimeSpan.FromDays(7), Calibration.Reads[^1].Window));
    }

    [Fact]
    public async Task Without_pairs_it_says_so_and_an_error_shows_the_service_message()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<CalibrationTab>("greeting");
        tab.WaitForElement("[data-testid=calibration-empty]");

        Calibration.NextError = new Error(ErrorKind.Unavailable, "unavailable", "The execution records cannot be read.");
        tab.Find("[data-testid=calibration-window-90]").Click();

        tab.WaitForAssertion(() => Assert.Contains("The execution records cannot be read.", tab.Find("[data-testid=calibration-error]").TextContent, StringComparison.Ordinal));
    }
}
