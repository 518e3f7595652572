using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Experiments;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Background;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Reports;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The daily report on the real app: two days of varied history written straight into the database, the expected
/// figures computed here from the seeded records with LINQ, compared with what the API answers (JSON and Markdown);
/// regeneration sends to the channels that ask for it; bad input names its field.
/// </summary>
public abstract class DailyReportApiTests(ReportsApp app)
{
    private const string PromptA = "report-a";
    private const string PromptB = "report-b";
    private const string PromptC = "report-c";
    /// <summary>Per 1,000 tokens, input and output: sim-priced as the fixture configures it, sim-fast as appsettings.json has it; "retired-model" is in no catalog.</summary>
    private static readonly Dictionary<string, (decimal Input, decimal Output)> Prices = new()
    {
        ["sim-priced"] = (0.003m, 0.006m),
        ["sim-fast"] = (0.00015m, 0.0006m),
    };

    private readonly HttpClient _client = app.Client;

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    // Two days back, so neither day is today and nothing else the tests do (creating prompts today) falls in them.
    private static readonly DateOnly Day = Today.AddDays(-2);

    private static readonly DateOnly PreviousDay = Day.AddDays(-1);

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    [Fact]
    public async Task A_daily_report_on_seeded_history_matches_values_computed_from_the_records()
    {
        await _client.CreateDeployedPromptAsync(PromptA, new { template = "Hello.", model = new { model = "sim-fast" } });
        var random = new Random(20261202);
        var dayRecords = Seeded(random, PromptA, Day, 400).Concat(Seeded(random, PromptB, Day, 250)).ToList();
        var previousRecords = Seeded(random, PromptA, PreviousDay, 300).Concat(Seeded(random, PromptC, PreviousDay, 150)).ToList();

        // The edges: the first tick of the day counts, the first tick of the next day does not.
        dayRecords.Add(ExecutionSeeding.Record(PromptA, Start(Day), latencyMs: 5000.5));
        var nextDay = ExecutionSeeding.Record(PromptA, Start(Day.AddDays(1)), latencyMs: 9999);
        await app.Factory.Services.SeedAsync(dayRecords.Concat(previousRecords).Append(nextDay), Audit());
        await SeedExperimentsAsync();

        var response = await _client.GetJsonAsync($"/api/v1/reports/daily?date={Text(Day)}");
        Assert.True(response.Status == HttpStatusCode.OK, response.Body?.ToJsonString());
        var report = response.Body!;
        Assert.Equal(Text(Day), (string?)report["date"]);

        // Overall and each prompt, the day and the day before, every figure.
        var overall = report["overall"]!;
        Assert.Null((string?)overall["prompt"]);
        AssertFigures(dayRecords, overall["day"]!);
        AssertFigures(previousRecords, overall["previousDay"]!);
        var prompts = report["prompts"]!.AsArray();
        Assert.Equal([PromptA, PromptB, PromptC], prompts.Select(p => (string?)p!["prompt"]));
        foreach (var section in prompts)
        {
            var key = (string)section!["prompt"]!;
            AssertFigures(dayRecords.Where(r => r.PromptKey == key).ToList(), section["day"]!);
            AssertFigures(previousRecords.Where(r => r.PromptKey == key).ToList(), section["previousDay"]!);
        }

        // Events from the audit trail of each day.
        AssertEvents(overall["events"]!, deploys: 2, rollbacks: 1, automatic: 1, started: 1, ended: 1, experiments: 2, alerts: 2);
        AssertEvents(overall["previousEvents"]!, deploys: 1, rollbacks: 0, automatic: 0, started: 0, ended: 0, experiments: 2, alerts: 0);
        AssertEvents(Section(report, PromptA)["events"]!, deploys: 2, rollbacks: 1, automatic: 1, started: 0, ended: 0, experiments: 1, alerts: 0);
        AssertEvents(Section(report, PromptA)["previousEvents"]!, deploys: 1, rollbacks: 0, automatic: 0, started: 0, ended: 0, experiments: 2, alerts: 0);
        AssertEvents(Section(report, PromptB)["events"]!, deploys: 0, rollbacks: 0, automatic: 0, started: 1, ended: 1, experiments: 1, alerts: 1);

        // Calibration over the week up to the end of the day (both seeded days), worst evaluator per prompt.
        var calibration = ExpectedCalibration(dayRecords.Concat(previousRecords));
        foreach (var key in new[] { PromptA, PromptB, PromptC })
            Assert.Equal(calibration.GetValueOrDefault(key), (string?)Section(report, key)["calibrationStatus"]);

        // SLO lines from the evaluator: the all-prompts SLO in the overall section, the prompt's in its own.
        Assert.Equal(["all prompts 99"], overall["slos"]!.AsArray().Select(s => (string?)s!["name"]));
        var slo = Section(report, PromptA)["slos"]!.AsArray().Single()!;
        Assert.Equal("report-a 99.5", (string?)slo["name"]);
        Assert.Equal(0.25, (double)slo["budgetRemaining"]!, 12);

        // Markdown (asked for by format or by Accept) carries the same figures, as a download.
        var markdown = await GetMarkdownAsync($"/api/v1/reports/daily?date={Text(Day)}&format=markdown", null);
        Assert.Equal(markdown, await GetMarkdownAsync($"/api/v1/reports/daily?date={Text(Day)}", "text/markdown"));
        var sorted = dayRecords.Select(r => r.LatencyMs).Order().ToList();
        var cost = dayRecords.Sum(r => r.CostUsd);
        Assert.Contains($"| Executions | {dayRecords.Count.ToString("N0", CultureInfo.InvariantCulture)} | {previousRecords.Count.ToString("N0", CultureInfo.InvariantCulture)} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| p95 latency | {Percentile(sorted, 0.95m).ToString("N1", CultureInfo.InvariantCulture)} ms |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| Cost | ${cost.ToString("#,0.00####", CultureInfo.InvariantCulture)} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| `rate_limited` | {dayRecords.Count(r => r.ErrorType == "rate_limited")} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"## Prompt `{PromptB}`", markdown, StringComparison.Ordinal);

        // The JSON download.
        using (var download = await _client.GetAsync($"/api/v1/reports/daily?date={Text(Day)}&format=json"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal($"promptconsole-daily-{Text(Day)}.json", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            var downloaded = JsonNode.Parse(await download.Content.ReadAsStringAsync())!;
            Assert.Equal(dayRecords.Count, (long)downloaded["overall"]!["day"]!["executions"]!);
        }

        // One prompt's section alone; an unknown prompt is a 404.
        var onlyA = await _client.GetJsonAsync($"/api/v1/reports/daily?date={Text(Day)}&prompt={PromptA}");
        Assert.Equal(HttpStatusCode.OK, onlyA.Status);
        Assert.Equal([PromptA], onlyA.Body!["prompts"]!.AsArray().Select(p => (string?)p!["prompt"]));
        AssertFigures(dayRecords.Where(r => r.PromptKey == PromptA).ToList(), onlyA.Body["prompts"]![0]!["day"]!);
        var onlyAMarkdown = await GetMarkdownAsync($"/api/v1/reports/daily?date={Text(Day)}&prompt={PromptA}&format=markdown", null, $"promptconsole-daily-{Text(Day)}-{PromptA}.md");
        Assert.DoesNotContain("## All prompts", onlyAMarkdown, StringComparison.Ordinal);

        // Nothing is kept by reading; regenerating keeps it, audits it and sends it to the channels that ask for it.
        Assert.Empty((await _client.GetJsonAsync("/api/v1/reports/daily/list")).Body!["reports"]!.AsArray());
        using (var regenerate = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/reports/daily?date={Text(Day)}&send=true"))
        {
            using var generated = await _client.SendAsync(regenerate);
            Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        }

        var channels = (RecordingNotificationChannels)app.Factory.Services.GetRequiredService<INotificationChannels>();
        var delivered = Assert.Single(channels.Delivered);
        Assert.Equal(ReportsApp.ReportChannel.Id, delivered.Channel);
        Assert.Equal("daily-report", delivered.Message.Kind);
        Assert.Equal(markdown.Split('\n')[0], delivered.Message.Text.Split('\n')[0]);
        Assert.Contains($"| Executions | {dayRecords.Count.ToString("N0", CultureInfo.InvariantCulture)} |", delivered.Message.Text, StringComparison.Ordinal);
        Assert.Equal(Text(Day), delivered.Message.Fields["date"]);

        var list = (await _client.GetJsonAsync("/api/v1/reports/daily/list")).Body!["reports"]!.AsArray();
        var kept = Assert.Single(list)!;
        Assert.Equal(Text(Day), (string?)kept["date"]);
        Assert.Equal(dayRecords.Count, (long)kept["executions"]!);
        Assert.Equal(cost, (decimal)kept["costUsd"]!);

        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync())
        {
            var audit = await db.AuditEvents.AsNoTracking().Where(a => a.Action == AuditActions.DailyReportGenerated).ToListAsync();
            Assert.Equal("master-key", Assert.Single(audit).Actor);
            Assert.Equal($"report:{Text(Day)}", audit[0].Target);
        }

        // The kept report is what is served from now on.
        var served = (await _client.GetJsonAsync($"/api/v1/reports/daily?date={Text(Day)}")).Body!;
        AssertFigures(dayRecords, served["overall"]!["day"]!);
    }

    [Fact]
    public async Task Bad_dates_formats_and_unknown_prompts_are_refused_naming_the_field()
    {
        await AssertFieldAsync(HttpMethod.Get, "/api/v1/reports/daily?date=2026-13-01", "date");
        await AssertFieldAsync(HttpMethod.Get, "/api/v1/reports/daily", "date");
        await AssertFieldAsync(HttpMethod.Get, "/api/v1/reports/daily?date=yesterday", "date");
        await AssertFieldAsync(HttpMethod.Get, $"/api/v1/reports/daily?date={Text(Today)}", "date");
        await AssertFieldAsync(HttpMethod.Get, $"/api/v1/reports/daily?date={Text(Today.AddDays(3))}", "date");
        await AssertFieldAsync(HttpMethod.Get, $"/api/v1/reports/daily?date={Text(Day)}&format=xml", "format");
        await AssertFieldAsync(HttpMethod.Post, $"/api/v1/reports/daily?date={Text(Today.AddDays(1))}", "date");
        await AssertFieldAsync(HttpMethod.Post, $"/api/v1/reports/daily?date={Text(Day)}&send=maybe", "send");
        await AssertFieldAsync(HttpMethod.Get, "/api/v1/reports/daily/list?take=0", "take");

        var unknown = await _client.GetJsonAsync($"/api/v1/reports/daily?date={Text(Day)}&prompt=no-such-prompt");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("https://promptconsole.dev/problems/prompt-not-found", (string?)unknown.Body!["type"]);
    }

    private async Task AssertFieldAsync(HttpMethod method, string url, string field)
    {
        var response = await _client.SendJsonAsync(method, url);
        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{method} {url}: {response.Status} {response.Body?.ToJsonString()}");
        Assert.Equal(field, (string?)response.Body!["errors"]![0]!["field"]);
    }

    private async Task<string> GetMarkdownAsync(string url, string? accept, string? fileName = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName ?? $"promptconsole-daily-{Text(Day)}.md", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return await response.Content.ReadAsStringAsync();
    }

    private static JsonNode Section(JsonNode report, string prompt) =>
        report["prompts"]!.AsArray().Single(p => (string?)p!["prompt"] == prompt)!;

    /// <summary>A day of one prompt's executions with every kind of outcome, cache level, model, tokens, cost and score.</summary>
    private static IEnumerable<ExecutionRecord> Seeded(Random random, string prompt, DateOnly day, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var at = Start(day).AddSeconds(random.Next(0, 86_400)).AddMilliseconds(random.Next(0, 1000));
            var kind = random.Next(20);
            var (outcome, errorType) = kind switch
            {
                0 => (ExecutionOutcome.ProviderFailed, "rate_limited"),
                1 => (ExecutionOutcome.ProviderFailed, "timeout"),
                2 => (ExecutionOutcome.ProviderFailed, (string?)null),
                3 => (ExecutionOutcome.OutputRejected, "output_check_failed"),
                4 => (ExecutionOutcome.Cancelled, "cancelled"),
                _ => (ExecutionOutcome.Success, null),
            };
            var answered = outcome is ExecutionOutcome.Success or ExecutionOutcome.OutputRejected;
            var cache = outcome == ExecutionOutcome.Success && random.Next(5) == 0
                ? (random.Next(2) == 0 ? CacheLevel.Exact : CacheLevel.Semantic)
                : CacheLevel.Miss;
            var model = random.Next(8) switch
            {
                0 => "retired-model",
                < 4 => "sim-fast",
                _ => "sim-priced",
            };
            var input = random.Next(10, 2000);
            var output = answered ? random.Next(1, 800) : 0;
            var cost = cache != CacheLevel.Miss
                ? (random.Next(4) == 0 ? 0.00001m : 0m)
                : Math.Round((decimal)random.NextDouble() * 0.01m, 8);
            yield return ExecutionSeeding.Record(
                prompt,
                at,
                outcome,
                errorType,
                model,
                Math.Round(random.NextDouble() * 3000, 3),
                input,
                output,
                cost,
                cache,
                random.Next(4) == 0 ? random.Next(1, 6) : null,
                random.Next(3) == 0 ? Math.Round(random.NextDouble(), 2) : null,
                random.Next(2) == 0 ? "judge" : "strict");
        }
    }

    private static IEnumerable<AuditEvent> Audit()
    {
        var day = Start(Day);
        AuditEvent Event(DateTimeOffset at, string action, string? prompt) => new(at, "ops", action, prompt, "label:production", action, null);
        return
        [
            Event(day, AuditActions.LabelDeployed, PromptA),
            Event(day.AddHours(9), AuditActions.LabelDeployed, PromptA),
            Event(day.AddHours(10), AuditActions.LabelRolledBack, PromptA),
            Event(day.AddHours(10), AuditActions.RollbackAutomatic, PromptA),
            Event(day.AddHours(11), AuditActions.VersionCreated, PromptA),
            Event(day.AddHours(12), AuditActions.CanaryStarted, PromptB),
            Event(day.AddHours(12), AuditActions.CanaryStepAdvanced, PromptB),
            Event(day.AddHours(13), AuditActions.CanaryPromoted, PromptB),
            Event(day.AddHours(14), AuditActions.AlertFired, PromptB),
            Event(day.AddHours(15), AuditActions.AlertFired, null),
            Event(day.AddHours(15), AuditActions.AlertResolved, null),
            Event(day.AddDays(-1).AddHours(8), AuditActions.LabelDeployed, PromptA),
            Event(day.AddDays(1), AuditActions.LabelDeployed, PromptA),
        ];
    }

    /// <summary>
    /// Experiments live at some time of a day: one of A running since the day before, one of B started and stopped
    /// within the day, one of A stopped the day before, and a draft that never ran.
    /// </summary>
    private async Task SeedExperimentsAsync()
    {
        var day = Start(Day);
        StoredExperiment Experiment(string key, string prompt, DateTimeOffset? started, DateTimeOffset? stopped)
        {
            var definition = new ExperimentDefinition(
                key, prompt, "seeded", [new ExperimentArm("control", 1, 50), new ExperimentArm("treatment", 1, 50)], 1.0, [], "subject",
                ExperimentMetric.SuccessRate, [], 100, null);
            var status = stopped is not null ? ExperimentStatus.Stopped : started is not null ? ExperimentStatus.Running : ExperimentStatus.Draft;
            return StoredExperiment.New(new Experiment(definition, status, started, stopped), "ops", started ?? day);
        }

        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync();
        db.Experiments.AddRange(
            Experiment("exp-running", PromptA, day.AddDays(-1).AddHours(10), null),
            Experiment("exp-within-day", PromptB, day.AddHours(5), day.AddHours(18)),
            Experiment("exp-ended-before", PromptA, day.AddDays(-5), day.AddDays(-1).AddHours(12)),
            Experiment("exp-draft", PromptA, null, null));
        await db.SaveChangesAsync();
    }

    private static void AssertEvents(JsonNode events, int deploys, int rollbacks, int automatic, int started, int ended, int experiments, int alerts)
    {
        Assert.Equal(deploys, (int)events["deploys"]!);
        Assert.Equal(rollbacks, (int)events["rollbacks"]!);
        Assert.Equal(automatic, (int)events["automaticRollbacks"]!);
        Assert.Equal(started, (int)events["canariesStarted"]!);
        Assert.Equal(ended, (int)events["canariesEnded"]!);
        Assert.Equal(experiments, (int)events["experimentsRunning"]!);
        Assert.Equal(alerts, (int)events["alertsFired"]!);
    }

    /// <summary>The figures computed here from the seeded records, independently of the report's code.</summary>
    private static void AssertFigures(IReadOnlyList<ExecutionRecord> records, JsonNode figures)
    {
        var n = records.Count;
        Assert.Equal(n, (long)figures["executions"]!);

        var errors = records.Where(r => r.Outcome != ExecutionOutcome.Success)
            .GroupBy(r => r.ErrorType ?? "provider_error")
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var reported = figures["errorsByType"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!);
        Assert.Equal(errors.OrderBy(e => e.Key, StringComparer.Ordinal), reported.OrderBy(e => e.Key, StringComparer.Ordinal));

        if (n == 0)
        {
            Assert.Null(figures["errorRate"]);
            Assert.Null(figures["p50LatencyMs"]);
            Assert.Null(figures["costPerExecutionUsd"]);
            Assert.Equal(0m, (decimal)figures["costUsd"]!);
            return;
        }

        Assert.Equal(errors.Values.Sum() / (double)n, (double)figures["errorRate"]!, 12);
        var sorted = records.Select(r => r.LatencyMs).Order().ToList();
        Assert.Equal(Percentile(sorted, 0.50m), (double)figures["p50LatencyMs"]!);
        Assert.Equal(Percentile(sorted, 0.95m), (double)figures["p95LatencyMs"]!);
        Assert.Equal(Percentile(sorted, 0.99m), (double)figures["p99LatencyMs"]!);

        var cost = records.Sum(r => r.CostUsd);
        Assert.Equal(cost, (decimal)figures["costUsd"]!);
        Assert.Equal(Math.Round(cost / n, 8, MidpointRounding.AwayFromZero), (decimal)figures["costPerExecutionUsd"]!);
        Assert.Equal(records.Sum(r => (long)r.InputTokens), (long)figures["inputTokens"]!);
        Assert.Equal(records.Sum(r => (long)r.OutputTokens), (long)figures["outputTokens"]!);

        var cached = records.Where(r => r.Cache != CacheLevel.Miss).ToList();
        Assert.Equal(cached.Count, (long)figures["cacheHits"]!);
        var savings = cached
            .Where(r => Prices.ContainsKey(r.Model))
            .Sum(r => Math.Max(0m, Math.Round(((r.InputTokens * Prices[r.Model].Input) + (r.OutputTokens * Prices[r.Model].Output)) / 1000m, 8) - r.CostUsd));
        Assert.True(cached.Any(r => r.Model == "sim-priced") || n < 50, "the seed should cache answers of the priced model");
        Assert.Equal(savings, (decimal)figures["cacheSavingsUsd"]!);

        var feedback = records.Where(r => r.FeedbackScore is not null).Select(r => r.FeedbackScore!.Value).ToList();
        Assert.Equal(feedback.Count, (long)figures["feedbackCount"]!);
        Assert.Equal(feedback.Average(), (double)figures["meanFeedback"]!, 12);
        var scores = records.Where(r => r.AutomatedScore is not null).Select(r => r.AutomatedScore!.Value).ToList();
        Assert.Equal(scores.Count, (long)figures["automatedScoreCount"]!);
        Assert.Equal(scores.Average(), (double)figures["meanAutomatedScore"]!, 12);
    }

    /// <summary>Nearest rank: the smallest value with at least p × n values at or below it (decimal, so 0.95 × 100 is exactly 95).</summary>
    private static double Percentile(List<double> sorted, decimal p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    private static Dictionary<string, string> ExpectedCalibration(IEnumerable<ExecutionRecord> records) => records
        .Where(r => r.FeedbackScore is not null && r.AutomatedScore is not null)
        .GroupBy(r => r.PromptKey)
        .ToDictionary(
            prompt => prompt.Key,
            prompt =>
            {
                var statuses = prompt.GroupBy(r => r.AutomatedEvaluator).Select(evaluator =>
                {
                    var off = evaluator.Average(r => Math.Abs(1 + (4 * r.AutomatedScore!.Value) - r.FeedbackScore!.Value));
                    return evaluator.Count() < 10 ? "insufficient-data" : off < 0.5 ? "well-calibrated" : off < 1.0 ? "minor-drift" : "significant-drift";
                }).ToList();
                string[] order = ["insufficient-data", "well-calibrated", "minor-drift", "significant-drift"];
                return statuses.MaxBy(s => Array.IndexOf(order, s))!;
            });
}

/// <summary>
/// The app with a priced model for cache savings, recording channels (one wants the report, one does not, one is
/// disabled), fixed SLOs, and without the report controller (these tests generate reports themselves).
/// </summary>
public abstract class ReportsApp(TestDatabaseProvider provider) : ApiAppFixture(provider, Settings, Configure)
{
    public static readonly ChannelView ReportChannel = RecordingNotificationChannels.Channel("reports", dailyReport: true);

    private static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["PromptConsole:Models:sim-priced:Provider"] = "simulator",
        ["PromptConsole:Models:sim-priced:InputPer1K"] = "0.003",
        ["PromptConsole:Models:sim-priced:OutputPer1K"] = "0.006",
    };

    private static void Configure(PromptConsoleFactory factory) => factory.WithServices(services =>
    {
        services.RemoveAll<INotificationChannels>();
        services.AddSingleton<INotificationChannels>(new RecordingNotificationChannels(
            ReportChannel,
            RecordingNotificationChannels.Channel("alerts-only", dailyReport: false),
            RecordingNotificationChannels.Channel("switched-off", dailyReport: true, enabled: false)));
        services.RemoveAll<ISloEvaluator>();
        services.AddSingleton<ISloEvaluator>(new FixedSloEvaluator(
            FixedSloEvaluator.Status("all prompts 99", null, 99, 0.8),
            FixedSloEvaluator.Status("report-a 99.5", "report-a", 99.5, 0.25),
            FixedSloEvaluator.Status("elsewhere", "another-prompt", 99.9, 1)));
        foreach (var controller in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DailyReportController)).ToList())
            services.Remove(controller);
    });
}

public sealed class SqliteReportsApp() : ReportsApp(TestDatabaseProvider.Sqlite);

public sealed class PostgresReportsApp() : ReportsApp(TestDatabaseProvider.Postgres);

public sealed class DailyReportApiOnSqlite(SqliteReportsApp app) : DailyReportApiTests(app), IClassFixture<SqliteReportsApp>;

public sealed class DailyReportApiOnPostgres(PostgresReportsApp app) : DailyReportApiTests(app), IClassFixture<PostgresReportsApp>;
