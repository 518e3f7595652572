using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Tests.Api;

/// <summary>
/// An SLO's status from executions planted in the metrics store at known times on the test clock; every expected
/// figure is worked out here by hand from what was planted.
/// </summary>
public abstract class SloStatusApiTests(SloStatusApp app)
{
    private readonly HttpClient _client = app.Client;

    private async Task<string> CreatePromptAsync()
    {
        var key = $"slo-status-{Guid.NewGuid():N}"[..24];
        await _client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        return key;
    }

    private async Task<JsonNode> CreateSloAsync(object body)
    {
        var created = await _client.PostJsonAsync("/api/v1/slos", body);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        return created.Body!;
    }

    private void Plant(string prompt, DateTimeOffset at, int count, ExecutionOutcome outcome, double latencyMs)
    {
        var store = app.Factory.Services.GetRequiredService<IMetricsStore>();
        var key = new MetricSeriesKey(prompt, 1, null, "sim-fast");
        for (var i = 0; i < count; i++)
        {
            store.Observe(
                new ExecutionObservation(key, outcome, outcome == ExecutionOutcome.Success ? null : "planted", latencyMs, 10, 10, 0.001m, CacheLevel.Miss, 1, false),
                at);
        }
    }

    private static void AssertClose(double expected, JsonNode? actual, string what) =>
        Assert.True(actual is not null && Math.Abs(expected - (double)actual) < 1e-9, $"{what}: expected {expected}, got {actual?.ToJsonString() ?? "null"}");

    [Fact]
    public async Task Planted_executions_give_the_budget_and_burn_rates_worked_out_by_hand()
    {
        var prompt = await CreatePromptAsync();
        var now = app.Factory.Clock.GetUtcNow();

        // Oldest first: the per-second memory refuses seconds older than the latest it has seen.
        // Two days ago: 100 successes (100 ms) and 5 cancelled (5 s), which availability leaves out.
        Plant(prompt, now.AddDays(-2), 100, ExecutionOutcome.Success, 100);
        Plant(prompt, now.AddDays(-2), 5, ExecutionOutcome.Cancelled, 5000);
        // Three hours ago: 90 successes and 10 provider failures, all 100 ms.
        Plant(prompt, now.AddHours(-3), 90, ExecutionOutcome.Success, 100);
        Plant(prompt, now.AddHours(-3), 10, ExecutionOutcome.ProviderFailed, 100);
        // Two minutes ago: 98 successes (100 ms) and 2 rejected outputs that took 3 s.
        Plant(prompt, now.AddMinutes(-2), 98, ExecutionOutcome.Success, 100);
        Plant(prompt, now.AddMinutes(-2), 2, ExecutionOutcome.OutputRejected, 3000);

        var availability = (string)(await CreateSloAsync(new { name = "Answers arrive", prompt, indicator = "availability", objective = 99, periodDays = 30 }))["id"]!;
        var latency = (string)(await CreateSloAsync(new { name = "Answers are quick", prompt, indicator = "latency", objective = 99, periodDays = 30, latencyThresholdMs = 1000 }))["id"]!;

        // Availability, budget 1 %: 5m/30m/1h see the last group (100 events, 2 bad); 6h/1d add the 3-hour-old one
        // (200, 12); 3d and the period add the 2-day-old one (300, 12; cancellations left out).
        var status = (await _client.GetJsonAsync($"/api/v1/slos/{availability}/status")).Body!;
        Assert.Equal(300, (long)status["events"]!);
        Assert.Equal(12, (long)status["badEvents"]!);
        AssertClose(288d / 300, status["sli"], "sli");
        AssertClose(1 - 12 / (300 * 0.01), status["budgetRemaining"], "budget remaining"); // −3: four budgets spent
        var burn = status["burnRates"]!;
        AssertClose(2d / 100 / 0.01, burn["5m"], "5m");
        AssertClose(2d / 100 / 0.01, burn["30m"], "30m");
        AssertClose(2d / 100 / 0.01, burn["1h"], "1h");
        AssertClose(12d / 200 / 0.01, burn["6h"], "6h");
        AssertClose(12d / 200 / 0.01, burn["1d"], "1d");
        AssertClose(12d / 300 / 0.01, burn["3d"], "3d");
        // 1h burns 2 (< 14.4), 6h burns 6 but 30m only 2 (no page); 3d burns 4 and 6h 6 (>= 1): a ticket.
        Assert.Equal("ticket", (string?)status["burning"]);
        Assert.Contains("over 3d", (string?)status["burningReason"], StringComparison.Ordinal);
        Assert.Equal(app.Factory.Clock.GetUtcNow(), DateTimeOffset.Parse((string)status["evaluatedAt"]!, System.Globalization.CultureInfo.InvariantCulture));

        // Latency under 1 s: every execution counts, cancelled ones too; only the 2 rejected (3 s) and the 5 cancelled (5 s) are slow.
        var quick = (await _client.GetJsonAsync($"/api/v1/slos/{latency}/status")).Body!;
        Assert.Equal(305, (long)quick["events"]!);
        Assert.Equal(7, (long)quick["badEvents"]!);
        AssertClose(1 - 7 / (305 * 0.01), quick["budgetRemaining"], "latency budget remaining");
        AssertClose(2d / 100 / 0.01, quick["burnRates"]!["5m"], "latency 5m");
        AssertClose(2d / 200 / 0.01, quick["burnRates"]!["6h"], "latency 6h");
        AssertClose(7d / 305 / 0.01, quick["burnRates"]!["3d"], "latency 3d");
        // 6h burns exactly 1 and 3d 2.3: a ticket, at its edge.
        Assert.Equal("ticket", (string?)quick["burning"]);
    }

    [Fact]
    public async Task Quality_counts_feedback_on_the_0_to_1_scale()
    {
        var prompt = await CreatePromptAsync();
        var now = app.Factory.Clock.GetUtcNow();
        var store = app.Factory.Services.GetRequiredService<IMetricsStore>();
        var key = new MetricSeriesKey(prompt, 1, null, "sim-fast");
        foreach (var score in new[] { 5, 4, 3, 2 })
            store.ObserveQuality(key, QualitySource.Feedback, score, now.AddMinutes(-1));
        var id = (string)(await CreateSloAsync(new { name = "Answers are good", prompt, indicator = "quality", objective = 90, periodDays = 7, qualityThreshold = 0.75 }))["id"]!;

        // 5, 4, 3, 2 are 1, 0.75, 0.5, 0.25: two of four at or above 0.75; the budget is 10 %.
        var status = (await _client.GetJsonAsync($"/api/v1/slos/{id}/status")).Body!;

        Assert.Equal(4, (long)status["events"]!);
        Assert.Equal(2, (long)status["badEvents"]!);
        AssertClose(1 - 2 / (4 * 0.1), status["budgetRemaining"], "budget remaining");
        Assert.All(status["burnRates"]!.AsObject(), p => AssertClose(0.5 / 0.1, p.Value, p.Key));
        Assert.Equal("ticket", (string?)status["burning"]); // 5 is under the slow page's 6
    }

    [Fact]
    public async Task The_status_lists_the_SLOs_alerts_not_yet_resolved()
    {
        var prompt = await CreatePromptAsync();
        var id = (string)(await CreateSloAsync(new { name = "Answers arrive", prompt, indicator = "availability", objective = 99, periodDays = 30 }))["id"]!;

        var status = (await _client.GetJsonAsync($"/api/v1/slos/{id}/status")).Body!;

        var alerts = status["alerts"]!.AsArray();
        Assert.Equal(["acknowledged", "firing"], alerts.Select(a => (string?)a!["status"]).Order());
        Assert.All(alerts, a => Assert.Equal(id, (string?)a!["sloId"]));
    }

    [Fact]
    public async Task The_burn_chart_ends_with_the_current_burn_and_budget()
    {
        var prompt = await CreatePromptAsync();
        var now = app.Factory.Clock.GetUtcNow();
        Plant(prompt, now.AddHours(-3), 95, ExecutionOutcome.Success, 100);
        Plant(prompt, now.AddHours(-3), 5, ExecutionOutcome.ProviderFailed, 100);
        Plant(prompt, now.AddMinutes(-2), 99, ExecutionOutcome.Success, 100);
        Plant(prompt, now.AddMinutes(-2), 1, ExecutionOutcome.ProviderFailed, 100);
        var id = (string)(await CreateSloAsync(new { name = "Answers arrive", prompt, indicator = "availability", objective = 99, periodDays = 30 }))["id"]!;

        var chart = await _client.GetJsonAsync($"/api/v1/slos/{id}/burn?range=6h");

        Assert.Equal(HttpStatusCode.OK, chart.Status);
        var points = chart.Body!["points"]!.AsArray();
        Assert.InRange(points.Count, 90, 100);
        var last = points[^1]!;
        Assert.Equal(now, DateTimeOffset.Parse((string)last["at"]!, System.Globalization.CultureInfo.InvariantCulture));
        AssertClose(1d / 100 / 0.01, last["burnRates"]!["5m"], "5m now");
        AssertClose(6d / 200 / 0.01, last["burnRates"]!["6h"], "6h now");
        AssertClose(1 - 6 / (200 * 0.01), last["budgetRemaining"], "budget now");
        // Four hours ago nothing had happened yet. (The budget there is read from whole days, so it is not checked.)
        var before = points.First(p => DateTimeOffset.Parse((string)p!["at"]!, System.Globalization.CultureInfo.InvariantCulture) < now.AddHours(-4))!;
        Assert.Null(before["burnRates"]!["1h"]);
        Assert.Null(before["burnRates"]!["5m"]);
    }
}

/// <summary>Alerts of any SLO asked about: one firing, one acknowledged, one resolved.</summary>
public sealed class FakeSloAlerts : IAlertService
{
    private static AlertView Alert(Guid slo, string status) => new(
        Guid.NewGuid(), null, slo, "burn", null, "page", status, "burning", 20, 14.4, DateTimeOffset.UnixEpoch, null, null, null,
        status == "resolved" ? DateTimeOffset.UnixEpoch.AddHours(1) : null, [], []);

    public Task<IReadOnlyList<AlertView>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertView>>(query.SloId is { } slo ? [Alert(slo, "firing"), Alert(slo, "acknowledged"), Alert(slo, "resolved")] : []);

    public Task<IReadOnlyList<AlertRuleView>> ListRulesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<AlertRuleView>> GetRuleAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<AlertRuleView>> CreateRuleAsync(AlertRuleCommand command, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<AlertRuleView>> UpdateRuleAsync(Guid id, AlertRuleCommand command, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<bool>> DeleteRuleAsync(Guid id, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<AlertView>> GetAlertAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<AlertView>> AcknowledgeAsync(Guid id, string actor, string? comment, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task EvaluateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}

public abstract class SloStatusApp : IDisposable
{
    protected SloStatusApp(TestDatabaseProvider provider)
    {
        Factory = new ClockedPromptConsoleFactory(provider);
        Factory.WithServices(services =>
        {
            services.RemoveAll<IAlertService>();
            services.AddSingleton<IAlertService, FakeSloAlerts>();
        });
        Client = Factory.CreateClient();
    }

    public ClockedPromptConsoleFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SloStatusSqliteApp() : SloStatusApp(TestDatabaseProvider.Sqlite);

public sealed class SloStatusPostgresApp() : SloStatusApp(TestDatabaseProvider.Postgres);

public sealed class SloStatusApiOnSqlite(SloStatusSqliteApp app) : SloStatusApiTests(app), IClassFixture<SloStatusSqliteApp>;

public sealed class SloStatusApiOnPostgres(SloStatusPostgresApp app) : SloStatusApiTests(app), IClassFixture<SloStatusPostgresApp>;
