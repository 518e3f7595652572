using PromptConsole.Domain.Alerts;
using PromptConsole.Domain.Slos;

namespace PromptConsole.Tests.Domain.Slos;

public sealed class BurnRateAlertPolicyTests
{
    /// <summary>Burn rates by window: 5m, 30m, 1h, 6h, 1d, 3d (null: the window had no events).</summary>
    private static Dictionary<string, double?> Burns(double? m5, double? m30, double? h1, double? h6, double? d1, double? d3) => new()
    {
        ["5m"] = m5,
        ["30m"] = m30,
        ["1h"] = h1,
        ["6h"] = h6,
        ["1d"] = d1,
        ["3d"] = d3,
    };

    /// <summary>case, burn rates, the severity decided (null: none), a fragment of the reason.</summary>
    public static TheoryData<string, Dictionary<string, double?>, AlertSeverity?, string?> Cases => new()
    {
        { "nothing burns", Burns(0, 0, 0, 0, 0, 0), null, null },
        { "no events anywhere", Burns(null, null, null, null, null, null), null, null },
        { "fast burn over 1h and 5m pages", Burns(20, 20, 20, 20, 20, 20), AlertSeverity.Page, "20× over 1h and 20× over 5m" },
        { "exactly 14.4 over 1h and 5m pages", Burns(14.4, 0, 14.4, 0, 0, 0), AlertSeverity.Page, "at or above 14.4×" },
        { "just under 14.4 over 1h does not page", Burns(20, 0, 14.399, 0, 0, 0), null, null },
        { "just under 14.4 over 5m does not page", Burns(14.399, 0, 20, 0, 0, 0), null, null },
        { "1h burning but 5m recovered: no page", Burns(1, 0, 30, 0, 0, 0), null, null },
        { "5m spike but 1h calm: no page", Burns(100, 0, 2, 0, 0, 0), null, null },
        { "1h burning, 5m without events: no page", Burns(null, 0, 30, 0, 0, 0), null, null },
        { "5m burning, 1h missing: no page", new() { ["5m"] = 30, ["30m"] = 0 }, null, null },
        { "slow burn over 6h and 30m pages", Burns(0, 7, 0, 7, 0, 0), AlertSeverity.Page, "7× over 6h and 7× over 30m" },
        { "exactly 6 over 6h and 30m pages", Burns(0, 6, 0, 6, 0, 0), AlertSeverity.Page, "at or above 6×" },
        { "just under 6 over 30m does not page", Burns(0, 5.99, 0, 8, 0, 0), null, null },
        { "6h burning, 30m missing: no page", Burns(0, null, 0, 8, 0, 0), null, null },
        { "both page conditions: the fast one is named", Burns(15, 7, 15, 7, 7, 7), AlertSeverity.Page, "over 1h and" },
        { "burn 1 over 3d and 6h tickets", Burns(0, 0, 0, 1, 0, 1), AlertSeverity.Ticket, "1× over 3d and 1× over 6h" },
        { "burn 3 over 3d and 6h tickets", Burns(2, 3, 3, 3, 3, 3), AlertSeverity.Ticket, "(ticket)" },
        { "3d burning, 6h calm: no ticket", Burns(0, 0, 0, 0.9, 2, 2), null, null },
        { "6h burning, 3d calm: no ticket", Burns(0, 0, 0, 2, 2, 0.99), null, null },
        { "6h burning, 3d without events: no ticket", Burns(0, 0, 0, 2, 2, null), null, null },
        { "3d missing entirely: no ticket", new() { ["6h"] = 5 }, null, null },
        { "6h at 6 with 30m calm tickets rather than pages", Burns(0, 1, 0, 6, 4, 4), AlertSeverity.Ticket, "over 3d" },
        { "1d alone decides nothing", Burns(0, 0, 0, 0, 50, 0), null, null },
        { "a burn that is not a number counts as none", Burns(double.NaN, 0, double.NaN, 0, 0, 0), null, null },
        { "empty map", [], null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_policy_pages_tickets_or_stays_quiet(string rule, Dictionary<string, double?> burnRates, AlertSeverity? severity, string? reason)
    {
        var decision = BurnRateAlertPolicy.Decide(burnRates);

        Assert.True(severity == decision?.Severity, $"{rule}: expected {severity?.ToString() ?? "none"}, got {decision?.Severity.ToString() ?? "none"}");
        if (reason is not null)
            Assert.Contains(reason, decision!.Reason, StringComparison.Ordinal);
    }
}
