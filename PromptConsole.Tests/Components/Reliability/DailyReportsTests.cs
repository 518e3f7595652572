using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Web.Components.Pages.Reports;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>The reports page: the kept reports, one rendered with its change against the day before, downloads, a day from the address.</summary>
public class DailyReportsTests : ReliabilityPageTest
{
    private static readonly DateOnly Day = new(2026, 3, 1);

    private IRenderedComponent<DailyReports> RenderPage(string? date = null)
    {
        if (date is not null)
        {
            var navigation = Services.GetRequiredService<NavigationManager>();
            navigation.NavigateTo(navigation.GetUriWithQueryParameter("date", date));
        }

        var page = Render<DailyReports>();
        page.WaitForAssertion(() => Assert.False(Has(page, "reports-loading")));
        return page;
    }

    [Fact]
    public void Without_reports_it_says_when_the_first_comes()
    {
        var page = RenderPage();

        Assert.NotNull(page.Find("[data-testid=reports-empty]"));
        Assert.NotNull(page.Find("[data-testid=report-none]"));
        Assert.Empty(Reports.Reads);
    }

    [Fact]
    public void The_newest_report_is_shown_with_each_line_against_the_day_before_and_download_links()
    {
        Reports.Add(ReliabilityFixtures.Report(Day.AddDays(-1)));
        Reports.Add(ReliabilityFixtures.Report(Day));

        var page = RenderPage();

        Assert.Equal(["2026-03-01", "2026-02-28"], page.FindAll("[data-testid=report-list-item]").Select(i => i.GetAttribute("data-date")));
        Assert.Equal("2026-03-01", ByTestId(page, "report").GetAttribute("data-date"));
        var sections = page.FindAll("[data-testid=report-section]");
        Assert.Equal(["", "greeting"], sections.Select(s => s.GetAttribute("data-prompt")));
        var overall = sections[0];
        string Change(string line) => overall.QuerySelector($"[data-line='{line}'] [data-testid=report-change]")!.TextContent;
        string Tone(string line) => overall.QuerySelector($"[data-line='{line}']")!.GetAttribute("data-tone")!;
        Assert.Equal("+200 (+25.0 %)", Change("executions"));
        Assert.Equal("+1.00 pp", Change("error-rate"));
        Assert.Equal("worse", Tone("error-rate"));
        Assert.Equal("−5.6 %", Change("p95"));
        Assert.Equal("better", Tone("p95"));
        Assert.Equal("+2", Change("alerts"));
        Assert.Contains("timeout 12 · rate-limit 8", overall.TextContent, StringComparison.Ordinal);
        Assert.Contains("well-calibrated", ByTestId(page, "report-calibration").TextContent, StringComparison.Ordinal);
        Assert.Contains("62.0 %", ByTestId(page, "report-slos").TextContent, StringComparison.Ordinal);
        Assert.Equal("api/v1/reports/daily?date=2026-03-01&format=markdown", ByTestId(page, "report-download-markdown").GetAttribute("href"));
        Assert.Equal("api/v1/reports/daily?date=2026-03-01&format=json", ByTestId(page, "report-download-json").GetAttribute("href"));
    }

    [Fact]
    public void Picking_another_report_shows_it_and_puts_the_day_in_the_address()
    {
        Reports.Add(ReliabilityFixtures.Report(Day.AddDays(-1)));
        Reports.Add(ReliabilityFixtures.Report(Day));
        var page = RenderPage();

        page.Find("[data-testid=report-list-item][data-date='2026-02-28']").Click();

        page.WaitForAssertion(() => Assert.Equal("2026-02-28", ByTestId(page, "report").GetAttribute("data-date")));
        Assert.EndsWith("?date=2026-02-28", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_day_from_the_address_without_a_report_shows_the_service_message()
    {
        Reports.Add(ReliabilityFixtures.Report(Day));

        var page = RenderPage("2026-02-10");

        Assert.Contains("No daily report for 2026-02-10", ByTestId(page, "report-error").TextContent, StringComparison.Ordinal);
        Assert.False(Has(page, "report"));
        Assert.Equal([new DateOnly(2026, 2, 10)], Reports.Reads);
    }

    [Fact]
    public void A_failed_list_shows_the_error()
    {
        Reports.ListFailure = new InvalidOperationException("database is down");

        var page = RenderPage();

        Assert.Contains("database is down", ByTestId(page, "reports-error").TextContent, StringComparison.Ordinal);
    }
}
