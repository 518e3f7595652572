using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// The overview and the prompt page's Metrics tab as an operator sees them: executions sent
/// through the execution API show up on an open page within two seconds, pushed over the circuit
/// (the page is never reloaded), and the Metrics tab splits a prompt's traffic by version.
/// </summary>
public sealed class OverviewLiveTests(ConsoleBrowser app) : IClassFixture<ConsoleBrowser>
{
    private const int Executions = 5;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    private HttpClient Api() => app.CreateApiClient();

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static object Greeting(string template = "Say hello to {{name}}.") => new
    {
        template,
        model = new { model = "sim-fast", maxTokens = 100 },
        variables = new object[] { new { name = "name" } },
    };

    private static async Task ExecuteAsync(HttpClient api, string key, int? version = null)
    {
        var (status, body, _) = await api.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { name = "Ada" }, version });
        Assert.True(status == HttpStatusCode.OK, $"Executing {key} answered {status}: {body}");
    }

    [Fact]
    public async Task New_executions_appear_on_the_open_overview_within_two_seconds_without_a_reload()
    {
        using var api = Api();
        var key = NewKey("live");
        await api.CreateDeployedPromptAsync(key, Greeting());

        var page = await app.OpenAsync(string.Empty);
        await RecordFailureAsync(page, "failure-overview-live.png", async () =>
        {
            await Expect(page.GetByTestId("overview-page")).ToHaveAttributeAsync("data-range", "15m");
            var count = page.GetByTestId("kpi-executions");
            var before = long.Parse((await count.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
            await page.EvaluateAsync("() => { window.__noReload = 1; }");

            for (var i = 0; i < Executions; i++)
                await ExecuteAsync(api, key);
            var sinceLastResponse = Stopwatch.StartNew();

            await Expect(count).ToHaveAttributeAsync("data-value", (before + Executions).ToString(CultureInfo.InvariantCulture), new() { Timeout = (float)Deadline.TotalMilliseconds });
            Assert.True(sinceLastResponse.Elapsed < Deadline, $"The count caught up {sinceLastResponse.Elapsed.TotalMilliseconds:0} ms after the last response.");
            Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__noReload"));

            // The rest of the page followed too: the prompt is listed with its executions, linking to its page.
            var row = page.Locator($"[data-testid='top-traffic-row'][data-prompt='{key}']");
            await Expect(row).ToHaveAttributeAsync("data-value", Executions.ToString(CultureInfo.InvariantCulture));
            await Expect(page.GetByTestId("metrics-empty")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("chart-latency").GetByTestId("chart-series")).ToHaveCountAsync(3);
            await row.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(page.GetByTestId("prompt-page")).ToHaveAttributeAsync("data-prompt-key", key);
            Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__noReload"));
        });
    }

    [Fact]
    public async Task The_metrics_tab_shows_one_series_and_one_row_per_version()
    {
        using var api = Api();
        var key = NewKey("versions");
        await api.CreateDeployedPromptAsync(key, Greeting());
        var added = await api.PostJsonAsync($"/api/v1/prompts/{key}/versions", Greeting("Greet {{name}} warmly."));
        Assert.Equal(HttpStatusCode.Created, added.Status);
        for (var i = 0; i < 3; i++)
            await ExecuteAsync(api, key, version: 1);
        for (var i = 0; i < 2; i++)
            await ExecuteAsync(api, key, version: 2);

        var page = await app.OpenAsync($"prompts/{key}");
        await RecordFailureAsync(page, "failure-metrics-tab.png", async () =>
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = "Metrics" }).ClickAsync();
            var tab = page.GetByTestId("prompt-metrics");
            await Expect(tab.GetByTestId("kpi-executions")).ToHaveAttributeAsync("data-value", "5");

            var rows = tab.GetByTestId("version-row");
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-version", "2");
            await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-value", "2");
            await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-version", "1");
            await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-value", "3");
            await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-model", "sim-fast");

            foreach (var chart in new[] { "requests", "latency", "errors", "cost", "tokens" })
            {
                var series = tab.GetByTestId($"chart-{chart}").GetByTestId("chart-series");
                await Expect(series).ToHaveCountAsync(2);
                await Expect(series.Nth(0)).ToHaveAttributeAsync("data-series", "v1");
                await Expect(series.Nth(1)).ToHaveAttributeAsync("data-series", "v2");
            }

            // Live here too: one more execution of v2 reaches the open tab.
            await ExecuteAsync(api, key, version: 2);
            await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-value", "3", new() { Timeout = (float)Deadline.TotalMilliseconds });
        });
    }

    [Fact]
    public async Task The_prompt_list_lives_at_prompts_and_the_menu_leads_to_both()
    {
        var page = await app.OpenAsync("prompts");
        await Expect(page.GetByTestId("prompt-table")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Expect(page.GetByTestId("overview-page")).ToBeVisibleAsync();
        Assert.Equal(app.BaseAddress.ToString(), page.Url);

        await page.GetByText("24 h", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("overview-page")).ToHaveAttributeAsync("data-range", "24h");
        Assert.EndsWith("?range=24h", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByTestId("metrics-status")).ToHaveAttributeAsync("data-source", "5m");
    }

    [Fact]
    public async Task On_a_phone_the_overview_fits_the_width_and_shows_its_tiles()
    {
        using var api = Api();
        var key = NewKey("phone");
        await api.CreateDeployedPromptAsync(key, Greeting());
        await ExecuteAsync(api, key);

        var page = await app.OpenAsync(string.Empty, new ViewportSize { Width = 390, Height = 844 });
        await RecordFailureAsync(page, "failure-overview-phone.png", async () =>
        {
            await Expect(page.GetByTestId("chart-latency")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("kpi-executions")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("kpi-automated-quality")).ToBeAttachedAsync();
            await page.WaitForTimeoutAsync(500);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            var (scrollWidth, innerWidth) = (widths[0], widths[1]);
            Assert.True(scrollWidth <= innerWidth, $"The page is {scrollWidth} px wide in a {innerWidth} px window: it scrolls sideways.");

            // Tiles stack two to a row: the second starts to the right of the first, the third below it.
            var tiles = page.Locator("[data-testid=kpis] > *");
            var first = (await tiles.Nth(0).BoundingBoxAsync())!;
            var second = (await tiles.Nth(1).BoundingBoxAsync())!;
            var third = (await tiles.Nth(2).BoundingBoxAsync())!;
            Assert.True(second.X > first.X && Math.Abs(second.Y - first.Y) < 1, "The first two tiles share a row.");
            Assert.True(third.Y > first.Y + first.Height - 1, "The third tile starts a new row.");
            Assert.True(second.X + second.Width <= innerWidth, "The tiles fit the width.");
            var chart = (await page.GetByTestId("chart-latency").BoundingBoxAsync())!;
            Assert.True(chart.X >= 0 && chart.X + chart.Width <= innerWidth, "The chart fits the width.");

            await page.Mouse.MoveAsync(0, 0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshot-overview-phone.png"), FullPage = true });
        });
    }

    /// <summary>What the browser showed when a step failed, next to the test binaries.</summary>
    internal static async Task RecordFailureAsync(IPage page, string file, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, file) });
            throw;
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}

/// <summary>
/// The overview with a quarter of an hour of varied traffic: every tile, chart and card has data
/// of every kind the store counts. The test app's simulator answers instantly, so the traffic is
/// fed to the metrics store directly: four prompts at different rates, cache levels, a route arm,
/// a rate-limit incident with fallbacks, feedback and automated scores. The prompts exist, so the
/// page's links lead somewhere. Being made up, it never becomes the README's picture (that one is
/// taken from the running application with its demo traffic); the test leaves its screenshot in
/// the test output folder for a look. (The live test above sends real executions through the API.)
/// </summary>
public sealed class OverviewScreenshotTests(ConsoleBrowser app) : IClassFixture<ConsoleBrowser>
{
    [Fact]
    public async Task The_overview_with_a_quarter_hour_of_traffic()
    {
        using var api = app.CreateApiClient();
        foreach (var (key, versions) in new[] { ("classify-intent", 1), ("support-reply", 3), ("summarize-ticket", 2), ("extract-order", 2) })
        {
            await api.CreateDeployedPromptAsync(key, new { template = "Handle {{input}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "input" } } });
            for (var version = 2; version <= versions; version++)
                await api.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = $"Handle {{{{input}}}} (take {version}).", model = new { model = "sim-smart" }, variables = new object[] { new { name = "input" } } });
        }

        var store = app.Factory.Services.GetRequiredService<IMetricsStore>();
        var observed = SyntheticTraffic.Feed(store, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(5));

        var page = await app.OpenAsync(string.Empty);
        await OverviewLiveTests.RecordFailureAsync(page, "failure-overview-screenshot.png", async () =>
        {
            await Expect(page.GetByTestId("kpi-executions")).ToHaveAttributeAsync("data-value", observed.ToString(CultureInfo.InvariantCulture));
            await Expect(page.GetByTestId("top-traffic-row").First).ToHaveAttributeAsync("data-prompt", "classify-intent");
            await Expect(page.GetByTestId("top-cost-row").First).ToHaveAttributeAsync("data-prompt", "support-reply");
            await Expect(page.Locator("[data-testid='error-type'][data-type='rate_limited']")).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-testid='chart-requests'] svg path").First).ToBeAttachedAsync();

            // Let the charts finish measuring and drawing, and keep the pointer off them (no tooltip).
            await page.Mouse.MoveAsync(0, 0);
            await page.WaitForTimeoutAsync(1500);
            var shot = await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png });
            await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "screenshot-overview.png"), shot);

            // The same page in the dark theme, for a look at contrast.
            await page.GetByTestId("theme-toggle").ClickAsync();
            await page.Mouse.MoveAsync(0, 0);
            await page.WaitForTimeoutAsync(500);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshot-overview-dark.png"), FullPage = true });
        });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>Seeded, plausible traffic: per-second Poisson arrivals, log-normal latencies, priced tokens.</summary>
    private static class SyntheticTraffic
    {
        private sealed record Profile(
            string Key,
            int Version,
            string? Arm,
            string Model,
            double PerSecond,
            double MedianMs,
            int InputTokens,
            int OutputTokens,
            decimal InputPer1K,
            decimal OutputPer1K,
            double ExactHits,
            double SemanticHits,
            double Rejected,
            double FeedbackShare,
            double AutomatedShare,
            double Quality);

        private static readonly Profile[] Profiles =
        [
            new("classify-intent", 1, null, "sim-fast", 2.1, 140, 180, 12, 0.00015m, 0.0006m, 0.34, 0.11, 0.002, 0, 0.3, 0.93),
            new("support-reply", 2, null, "sim-smart", 1.15, 820, 380, 230, 0.0025m, 0.01m, 0.12, 0.06, 0.004, 0.09, 0, 4.3),
            new("support-reply", 3, "canary", "sim-smart", 0.16, 760, 360, 190, 0.0025m, 0.01m, 0.1, 0.05, 0.004, 0.12, 0, 4.6),
            new("summarize-ticket", 2, null, "sim-fast", 0.85, 330, 950, 110, 0.00015m, 0.0006m, 0.2, 0, 0.02, 0.04, 0, 3.9),
            new("extract-order", 2, null, "sim-smart", 0.38, 610, 420, 90, 0.0025m, 0.01m, 0.08, 0, 0.04, 0, 0.5, 0.86),
        ];

        /// <summary>Feeds <paramref name="span"/> of traffic ending at <paramref name="now"/>; returns how many executions.</summary>
        public static long Feed(IMetricsStore store, DateTimeOffset now, TimeSpan span)
        {
            var random = new Random(7);
            var seconds = (int)span.TotalSeconds;
            var incidentStart = seconds - 7 * 60;
            var incidentEnd = seconds - 5 * 60;
            long count = 0;
            for (var s = 0; s <= seconds; s++)
            {
                var at = now - TimeSpan.FromSeconds(seconds - s);
                var incident = s >= incidentStart && s < incidentEnd;

                // A slow swell over the quarter hour, so the rate chart has a shape.
                var swell = 1 + 0.35 * Math.Sin(s / 140.0) + 0.15 * Math.Sin(s / 23.0);
                foreach (var profile in Profiles)
                {
                    for (var n = Poisson(random, profile.PerSecond * swell); n > 0; n--)
                    {
                        var when = at.AddMilliseconds(random.Next(1000));
                        store.Observe(Observe(random, profile, incident && profile.Model == "sim-smart"), when > now ? now : when);
                        count++;
                    }
                }
            }

            return count;
        }

        private static ExecutionObservation Observe(Random random, Profile profile, bool rateLimited)
        {
            var key = new MetricSeriesKey(profile.Key, profile.Version, profile.Arm, profile.Model);
            var roll = random.NextDouble();
            var cache = roll < profile.ExactHits ? CacheLevel.Exact : roll < profile.ExactHits + profile.SemanticHits ? CacheLevel.Semantic : CacheLevel.Miss;
            var noise = Math.Exp(0.45 * StandardNormal(random));
            var input = (int)(profile.InputTokens * (0.7 + 0.6 * random.NextDouble()));
            var output = (int)(profile.OutputTokens * (0.6 + 0.8 * random.NextDouble()));
            int? feedback = random.NextDouble() < profile.FeedbackShare ? Math.Clamp((int)Math.Round(profile.Quality + StandardNormal(random) * 0.8), 1, 5) : null;
            double? automated = random.NextDouble() < profile.AutomatedShare ? Math.Clamp(profile.Quality + StandardNormal(random) * 0.06, 0, 1) : null;

            if (cache != CacheLevel.Miss)
                return new ExecutionObservation(key, ExecutionOutcome.Success, null, 2 + 10 * random.NextDouble(), input, output, 0m, cache, 0, false, feedback, automated);

            var cost = (input * profile.InputPer1K + output * profile.OutputPer1K) / 1000m;
            if (rateLimited && random.NextDouble() < 0.5)
            {
                // The primary model is rate limited: retries, then either a fallback answers or the execution fails.
                var fallback = random.NextDouble() < 0.5;
                return fallback
                    ? new ExecutionObservation(key with { Model = "sim-fast" }, ExecutionOutcome.Success, null, profile.MedianMs * 2.6 * noise, input, output, cost / 10, CacheLevel.Miss, 3, true)
                    : new ExecutionObservation(key, ExecutionOutcome.ProviderFailed, "rate_limited", profile.MedianMs * 3.2 * noise, input, 0, 0m, CacheLevel.Miss, 3, false);
            }

            var latency = profile.MedianMs * noise * (rateLimited ? 1.8 : 1);
            return random.NextDouble() < profile.Rejected
                ? new ExecutionObservation(key, ExecutionOutcome.OutputRejected, "output_check_failed", latency, input, output, cost, CacheLevel.Miss, 1, false)
                : new ExecutionObservation(key, ExecutionOutcome.Success, null, latency, input, output, cost, CacheLevel.Miss, random.NextDouble() < 0.01 ? 2 : 1, false, feedback, automated);
        }

        private static int Poisson(Random random, double mean)
        {
            // Knuth: fine for the small means of one second's arrivals.
            var limit = Math.Exp(-mean);
            var product = random.NextDouble();
            var count = 0;
            while (product > limit)
            {
                count++;
                product *= random.NextDouble();
            }

            return count;
        }

        private static double StandardNormal(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
