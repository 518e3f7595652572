using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

/// <summary>
/// <c>GET /api/v1/prompts/{key}/calibration</c> on seeded pairs: per evaluator the count, mean delta, mean absolute
/// delta, status and daily trend, computed here from the seeded records; records without both scores, other prompts
/// and pairs outside the window do not count.
/// </summary>
public abstract class CalibrationApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Calibration_per_evaluator_matches_the_seeded_pairs()
    {
        var prompt = $"calib-{Guid.NewGuid():N}"[..20];
        await _client.CreateDeployedPromptAsync(prompt, new { template = "Hello.", model = new { model = "sim-fast" } });
        var now = DateTimeOffset.UtcNow;
        var random = new Random(11);
        var records = new List<ExecutionRecord>();

        // "judge" agrees with people to within a fraction of a star; "strict" scores five-star answers two to four stars low; "rare" has too few pairs.
        for (var i = 0; i < 14; i++)
        {
            var feedback = random.Next(1, 6);
            var at = now.AddHours(-(1 + (i * 9)));
            records.Add(ExecutionSeeding.Record(prompt, at, feedback: feedback, automatedScore: Math.Clamp(((feedback - 1) / 4.0) + ((random.NextDouble() - 0.5) * 0.1), 0, 1), evaluator: "judge"));
            records.Add(ExecutionSeeding.Record(prompt, at.AddMinutes(5), feedback: 5, automatedScore: random.Next(0, 3) / 4.0, evaluator: "strict"));
        }

        for (var i = 0; i < 3; i++)
            records.Add(ExecutionSeeding.Record(prompt, now.AddDays(-i - 1), feedback: 4, automatedScore: 0.5, evaluator: "rare"));

        var counted = records.ToList();

        // Not pairs: one score only; another prompt; older than the window.
        records.Add(ExecutionSeeding.Record(prompt, now.AddHours(-2), feedback: 1));
        records.Add(ExecutionSeeding.Record(prompt, now.AddHours(-2), automatedScore: 1.0, evaluator: "judge"));
        records.Add(ExecutionSeeding.Record("another-prompt", now.AddHours(-2), feedback: 1, automatedScore: 1.0, evaluator: "judge"));
        var old = ExecutionSeeding.Record(prompt, now.AddDays(-40), feedback: 1, automatedScore: 1.0, evaluator: "judge");
        records.Add(old);
        await app.Factory.Services.SeedAsync(records);

        var response = await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/calibration?window=30d");
        Assert.True(response.Status == HttpStatusCode.OK, response.Body?.ToJsonString());
        var evaluators = response.Body!["evaluators"]!.AsArray();
        Assert.Equal(["judge", "rare", "strict"], evaluators.Select(e => (string?)e!["evaluator"]));
        Assert.Equal("well-calibrated", (string?)Evaluator(evaluators, "judge")["status"]);
        Assert.Equal("significant-drift", (string?)Evaluator(evaluators, "strict")["status"]);
        Assert.Equal("insufficient-data", (string?)Evaluator(evaluators, "rare")["status"]);
        foreach (var group in counted.GroupBy(r => r.AutomatedEvaluator!))
            AssertEvaluator(group.ToList(), Evaluator(evaluators, group.Key));

        // A longer window reaches the old pair.
        var longer = await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/calibration?window=60d");
        AssertEvaluator(counted.Where(r => r.AutomatedEvaluator == "judge").Append(old).ToList(), Evaluator(longer.Body!["evaluators"]!.AsArray(), "judge"));
    }

    [Fact]
    public async Task An_unknown_prompt_is_a_404_and_a_bad_window_names_the_field()
    {
        var unknown = await _client.GetJsonAsync("/api/v1/prompts/no-such-prompt/calibration");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("https://promptconsole.dev/problems/prompt-not-found", (string?)unknown.Body!["type"]);

        var prompt = $"calib-{Guid.NewGuid():N}"[..20];
        await _client.CreateDeployedPromptAsync(prompt, new { template = "Hello.", model = new { model = "sim-fast" } });
        foreach (var window in new[] { "abc", "0d", "400d" })
        {
            var bad = await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/calibration?window={window}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal("window", (string?)bad.Body!["errors"]![0]!["field"]);
        }

        var empty = await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/calibration");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Empty(empty.Body!["evaluators"]!.AsArray());
    }

    private static JsonNode Evaluator(JsonArray evaluators, string name) => evaluators.Single(e => (string?)e!["evaluator"] == name)!;

    private static void AssertEvaluator(List<ExecutionRecord> pairs, JsonNode evaluator)
    {
        var deltas = pairs.Select(r => 1 + (4 * r.AutomatedScore!.Value) - r.FeedbackScore!.Value).ToList();
        Assert.Equal(pairs.Count, (long)evaluator["pairs"]!);
        Assert.Equal(deltas.Average(), (double)evaluator["meanDelta"]!, 9);
        Assert.Equal(deltas.Average(Math.Abs), (double)evaluator["meanAbsoluteDelta"]!, 9);

        var trend = evaluator["trend"]!.AsArray();
        var days = pairs.GroupBy(r => DateOnly.FromDateTime(r.StartedAt.UtcDateTime)).OrderBy(g => g.Key).ToList();
        Assert.Equal(days.Select(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), trend.Select(t => (string?)t!["day"]));
        for (var i = 0; i < days.Count; i++)
        {
            Assert.Equal(days[i].Count(), (long)trend[i]!["pairs"]!);
            Assert.Equal(days[i].Average(r => 1 + (4 * r.AutomatedScore!.Value) - r.FeedbackScore!.Value), (double)trend[i]!["meanDelta"]!, 9);
        }
    }
}

public sealed class CalibrationApiOnSqlite(SqliteApp app) : CalibrationApiTests(app), IClassFixture<SqliteApp>;

public sealed class CalibrationApiOnPostgres(PostgresApp app) : CalibrationApiTests(app), IClassFixture<PostgresApp>;
