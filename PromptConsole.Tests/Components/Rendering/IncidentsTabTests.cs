using Bunit;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rendering;

public class IncidentsTabTests : PromptPageTest
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private static IncidentEntry Deploy(DateTimeOffset at) =>
        new(at, IncidentKinds.Deploy, "label.deployed", "alice", "production: v1 → v2", "ship it", "label:production",
            new Dictionary<string, string> { ["label"] = "production", ["fromVersion"] = "1", ["toVersion"] = "2" });

    private static IncidentEntry Automatic(DateTimeOffset at, string recovery) =>
        new(at, IncidentKinds.AutomaticRollback, "rollback.automatic", "system",
            "production: v2 → v1 (automatic, alert:errors); at rollback v2: 40 executions, error rate 100 %", "error rate above 5 %", "label:production",
            new Dictionary<string, string>
            {
                ["label"] = "production", ["fromVersion"] = "2", ["toVersion"] = "1", ["trigger"] = "alert:errors",
                ["atRollback.executions"] = "40", ["atRollback.errorRate"] = "1", ["atRollback.p95LatencyMs"] = "120",
                ["recovery"] = recovery,
                ["afterRollback.executions"] = "30", ["afterRollback.errorRate"] = "0",
                ["recoveryReason"] = "error rate 100 % → 0 % over 30 executions, at or below 50 %",
            });

    [Fact]
    public async Task Shows_entries_newest_first_with_reasons_snapshot_and_recovery()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        Incidents.With("greeting", Deploy(T0), Automatic(T0.AddMinutes(10), "recovered"));
        var tab = await RenderTabAsync<IncidentsTab>("greeting");

        tab.WaitForAssertion(() => Assert.Equal(2, tab.FindAll("[data-testid=incident]").Count));
        var entries = tab.FindAll("[data-testid=incident]");
        Assert.Equal("automatic-rollback", entries[0].GetAttribute("data-kind"));
        Assert.Equal("deploy", entries[1].GetAttribute("data-kind"));
        Assert.Contains("Automatic rollback", entries[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Reason: error rate above 5 %", entries[0].TextContent, StringComparison.Ordinal);
        var figures = entries[0].QuerySelectorAll("[data-testid=incident-figures]").Select(f => f.TextContent).ToArray();
        Assert.Equal("At rollback (v2): 40 executions · error rate 100 % · p95 120 ms", figures[0]);
        Assert.Equal("After the rollback (v1): 30 executions · error rate 0 %", figures[1]);
        Assert.Equal("recovered", entries[0].QuerySelector("[data-testid=incident-recovery]")!.TextContent.Trim());
        Assert.Contains("Reason: ship it", entries[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("alice", entries[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Automatic rollback available", ByTestId(tab, "automation-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_why_automation_stood_down()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        const string reason = "3 automatic rollbacks in the last 24 hours (rolling), the limit is 3; manual only until 2026-01-16 09:00 UTC";
        Rollbacks.Status = new AutomationStatus(false, reason, T0.AddDays(1), 3);
        Incidents.With("greeting", new IncidentEntry(
            T0.AddHours(1), IncidentKinds.StoodDown, "rollback.stood-down", "system",
            "automatic rollback production: v2 → v1 stood down (alert:errors: error rate above 5 %)", reason, "label:production", null));
        var tab = await RenderTabAsync<IncidentsTab>("greeting");

        tab.WaitForAssertion(() => Assert.Equal("false", ByTestId(tab, "automation-status").GetAttribute("data-available")));
        Assert.Equal($"Automation stood down: {reason}", ByTestId(tab, "automation-status").TextContent.Trim());
        var entry = ByTestId(tab, "incident");
        Assert.Equal("stood-down", entry.GetAttribute("data-kind"));
        Assert.Contains("Automation stood down", entry.TextContent, StringComparison.Ordinal);
        Assert.Contains("manual only until", entry.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_in_progress_shows_the_snapshot_at_rollback_only()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var watching = Automatic(T0, "watching");
        var details = watching.Details!.Where(d => !d.Key.StartsWith("afterRollback", StringComparison.Ordinal) && d.Key != "recoveryReason").ToDictionary();
        Incidents.With("greeting", watching with { Details = details });
        var tab = await RenderTabAsync<IncidentsTab>("greeting");

        tab.WaitForAssertion(() => Assert.Equal("watching recovery", ByTestId(tab, "incident-recovery").TextContent.Trim()));
        Assert.Single(tab.FindAll("[data-testid=incident-figures]"));
    }

    [Fact]
    public async Task A_prompt_without_incidents_says_so()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        Incidents.With("greeting");
        var tab = await RenderTabAsync<IncidentsTab>("greeting");

        tab.WaitForAssertion(() => Assert.Contains("No incidents yet", ByTestId(tab, "incidents-empty").TextContent, StringComparison.Ordinal));
        Assert.Empty(tab.FindAll("[data-testid=incident]"));
        Assert.Equal("Automatic rollback available", ByTestId(tab, "automation-status").TextContent.Trim());
    }

    [Fact]
    public async Task Refresh_reads_the_timeline_again()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        Incidents.With("greeting");
        var tab = await RenderTabAsync<IncidentsTab>("greeting");
        tab.WaitForAssertion(() => Assert.NotNull(ByTestId(tab, "incidents-empty")));

        Incidents.With("greeting", Deploy(T0));
        ByTestId(tab, "incidents-refresh").Click();

        tab.WaitForAssertion(() => Assert.Single(tab.FindAll("[data-testid=incident]")));
    }
}
