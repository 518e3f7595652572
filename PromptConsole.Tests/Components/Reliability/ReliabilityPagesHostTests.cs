using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Reports;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Components.Reliability;

/// <summary>
/// The reliability pages in the real composition root (the console's registrations, the real layout, prerendering), with
/// the reliability services faked: every page answers and the SLO page renders its windows.
/// </summary>
public class ReliabilityPagesHostTests
{
    [Fact]
    public async Task The_reliability_pages_prerender_in_the_real_host()
    {
        await using var factory = new PromptConsoleFactory();
        var slos = new FakeSloService();
        var slo = ReliabilityFixtures.Slo();
        var alert = ReliabilityFixtures.Alert(sloId: slo.Id);
        slos.Add(slo, ReliabilityFixtures.Status(slo, budget: 0.1, burning: "page", alerts: [alert]));
        var alerts = new FakeAlertService();
        alerts.AddAlert(alert);
        alerts.AddRule(ReliabilityFixtures.Rule());
        var channels = new FakeNotificationChannels();
        channels.Add(ReliabilityFixtures.Channel());
        var reports = new FakeDailyReports();
        reports.Add(ReliabilityFixtures.Report(new DateOnly(2026, 3, 1)));
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<ISloService>(slos);
            s.AddSingleton<IAlertService>(alerts);
            s.AddSingleton<INotificationChannels>(channels);
            s.AddSingleton<ICalibrationService>(new FakeCalibrationService());
            s.AddSingleton<IDailyReports>(reports);
        }));
        var client = app.CreateClient();
        foreach (var path in new[] { "/", "/slos", $"/slos/{slo.Id}", $"/slos/{Guid.NewGuid()}", "/alerts", "/alerts?tab=rules", "/channels", "/reports", "/reports?date=2026-03-01" })
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, path + " " + response.StatusCode + body[..Math.Min(3000, body.Length)]);
        }

        var page = await client.GetStringAsync($"/slos/{slo.Id}");
        Assert.Contains("slo-windows", page, StringComparison.Ordinal);
        Assert.Contains("slos-at-risk-table", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
