using System.Net;
using System.Text.RegularExpressions;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Telemetry;

/// <summary>The application booted with a broken simulated model next to the default one.</summary>
public sealed class MetricsApp : IDisposable
{
    public MetricsApp()
    {
        Factory = BrokenModel(new PromptConsoleFactory());
        Client = Factory.CreateClient();
    }

    public PromptConsoleFactory Factory { get; }

    public HttpClient Client { get; }

    /// <summary>Adds "sim-broken": every call fails, so retries, fallbacks and provider failures happen.</summary>
    public static PromptConsoleFactory BrokenModel(PromptConsoleFactory factory) => factory
        .WithSetting("PromptConsole:Providers:broken:Kind", "Simulator")
        .WithSetting("PromptConsole:Providers:broken:ErrorRate", "1")
        .WithSetting("PromptConsole:Providers:broken:LatencyMedianMs", "0")
        .WithSetting("PromptConsole:Providers:broken:LatencyP95Ms", "0")
        .WithSetting("PromptConsole:Models:sim-broken:Provider", "broken")
        .WithSetting("PromptConsole:Models:sim-broken:InputPer1K", "0.001")
        .WithSetting("PromptConsole:Models:sim-broken:OutputPer1K", "0.002");

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

public sealed class MetricsEndpointTests(MetricsApp app) : IClassFixture<MetricsApp>
{
    private readonly HttpClient _client = app.Client;

    public static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static async Task<string> CreatePromptAsync(HttpClient client, string model = "sim-fast", object? checks = null, string[]? fallbacks = null)
    {
        var key = NewKey("metrics");
        await client.CreateDeployedPromptAsync(key, new
        {
            template = "Summarise {{topic}} briefly.",
            model = new { model, fallbackModels = fallbacks, maxTokens = 200 },
            variables = new object[] { new { name = "topic" } },
            checks,
        });
        return key;
    }

    public static async Task<HttpStatusCode> ExecuteAsync(HttpClient client, string key, string topic = "tides")
    {
        var (status, _, _) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { topic } });
        return status;
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await _client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the one sample whose name is <paramref name="name"/> and whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sample(string text, string name, params string[] labels)
    {
        var matches = text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .ToArray();
        Assert.True(matches.Length == 1, $"Expected one {name} sample with {string.Join(",", labels)}, found {matches.Length}:\n{string.Join("\n", matches)}");
        return double.Parse(matches[0][(matches[0].LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Executions_show_up_in_every_execution_family()
    {
        var key = await CreatePromptAsync(_client);
        const int executions = 4;
        for (var i = 0; i < executions; i++)
            Assert.Equal(HttpStatusCode.OK, await ExecuteAsync(_client, key, $"topic {i}"));

        var text = await ScrapeAsync();
        var prompt = $"prompt=\"{key}\"";

        Assert.Equal(executions, Sample(text, "promptconsole_executions_total", prompt, "status=\"success\"", "model=\"sim-fast\"", "version=\"1\"", "route=\"production\""));
        Assert.Equal(executions, Sample(text, "promptconsole_execution_duration_seconds_count", prompt));
        Assert.Equal(executions, Sample(text, "promptconsole_execution_duration_seconds_bucket", prompt, "le=\"+Inf\""));
        Assert.Equal(executions, Sample(text, "promptconsole_cache_lookups_total", prompt, "level=\"miss\""));
        Assert.True(Sample(text, "promptconsole_tokens_total", prompt, "type=\"input\"") > 0);
        Assert.True(Sample(text, "promptconsole_tokens_total", prompt, "type=\"output\"") > 0);
        Assert.True(Sample(text, "promptconsole_cost_usd_total", prompt) > 0);
        Assert.Contains("# TYPE promptconsole_execution_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Equal(executions, Sample(text, "promptconsole_execution_duration_seconds_bucket", prompt, "le=\"60\""));

        // GenAI semantic conventions, per model (the prompt is not one of their attributes).
        Assert.Contains("# TYPE gen_ai_client_operation_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.True(Sample(text, "gen_ai_client_operation_duration_seconds_count", "gen_ai_operation_name=\"chat\"", "gen_ai_provider_name=\"simulator\"", "gen_ai_request_model=\"sim-fast\"", "gen_ai_response_model=\"sim-fast\"") >= executions);
        Assert.True(Sample(text, "gen_ai_client_token_usage_count", "gen_ai_request_model=\"sim-fast\"", "gen_ai_token_type=\"input\"") >= executions);
        Assert.True(Sample(text, "gen_ai_client_token_usage_count", "gen_ai_request_model=\"sim-fast\"", "gen_ai_token_type=\"output\"") >= executions);
    }

    [Fact]
    public async Task Rejected_output_and_provider_failures_are_counted_by_status_check_retry_and_fallback()
    {
        var rejected = await CreatePromptAsync(_client, checks: new { maxLength = 3 });
        var failing = await CreatePromptAsync(_client, model: "sim-broken");
        var rescued = await CreatePromptAsync(_client, model: "sim-broken", fallbacks: ["sim-fast"]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await ExecuteAsync(_client, rejected));
        Assert.Equal(HttpStatusCode.BadGateway, await ExecuteAsync(_client, failing));
        Assert.Equal(HttpStatusCode.OK, await ExecuteAsync(_client, rescued));

        var text = await ScrapeAsync();

        Assert.Equal(1, Sample(text, "promptconsole_executions_total", $"prompt=\"{rejected}\"", "status=\"output_rejected\""));
        Assert.Equal(1, Sample(text, "promptconsole_output_check_failures_total", $"prompt=\"{rejected}\"", "check=\"maxLength\""));
        Assert.Equal(1, Sample(text, "promptconsole_executions_total", $"prompt=\"{failing}\"", "status=\"provider_failed\"", "model=\"sim-broken\""));
        Assert.True(Sample(text, "promptconsole_retries_total", $"prompt=\"{failing}\"", "model=\"sim-broken\"") >= 1);
        Assert.Equal(1, Sample(text, "promptconsole_executions_total", $"prompt=\"{rescued}\"", "status=\"success\"", "model=\"sim-fast\""));
        Assert.Equal(1, Sample(text, "promptconsole_fallbacks_total", $"prompt=\"{rescued}\"", "model=\"sim-broken\""));
        Assert.True(Sample(text, "gen_ai_client_operation_duration_seconds_count", "gen_ai_provider_name=\"broken\"", "gen_ai_request_model=\"sim-broken\"", "error_type=") >= 1);
    }

    [Fact]
    public async Task The_body_goes_out_with_its_length_and_in_OpenMetrics_when_the_scraper_asks_for_it()
    {
        using var text = await _client.GetAsync("/metrics");
        var textBody = await text.Content.ReadAsByteArrayAsync();
        Assert.Equal(textBody.Length, text.Content.Headers.ContentLength);

        // What Prometheus sends: OpenMetrics preferred, the text format as a fallback.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        using var openMetrics = await _client.SendAsync(request);
        var body = await openMetrics.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, openMetrics.StatusCode);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", openMetrics.Content.Headers.ContentType?.ToString());
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body), openMetrics.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_scraper_that_accepts_gzip_gets_the_body_gzipped_and_one_that_does_not_gets_plain_text()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip"); // what Prometheus sends
        using var gzipped = await _client.SendAsync(request);
        var packed = await gzipped.Content.ReadAsByteArrayAsync();
        using var unpacked = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(packed), System.IO.Compression.CompressionMode.Decompress))
            await gzip.CopyToAsync(unpacked);
        var text = System.Text.Encoding.UTF8.GetString(unpacked.ToArray());

        Assert.Equal(HttpStatusCode.OK, gzipped.StatusCode);
        Assert.Equal(["gzip"], gzipped.Content.Headers.ContentEncoding);
        Assert.Equal(packed.Length, gzipped.Content.Headers.ContentLength);
        Assert.Contains("Accept-Encoding", gzipped.Headers.Vary);
        Assert.Contains("# TYPE promptconsole_executions_total counter", text, StringComparison.Ordinal);
        Assert.True(packed.Length < unpacked.Length / 4, $"{packed.Length} bytes gzipped from {unpacked.Length}");

        using var refused = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        refused.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip;q=0, identity");
        using var plain = await _client.SendAsync(refused);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Contains("# TYPE promptconsole_executions_total counter", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_and_runtime_metrics_are_exposed_and_no_adapter_families()
    {
        var key = await CreatePromptAsync(_client);
        Assert.Equal(HttpStatusCode.OK, await ExecuteAsync(_client, key));
        await ScrapeAsync(); // a request has been measured by the time the second scrape runs
        var text = await ScrapeAsync();

        // The endpoint label is the route template, so one series serves every prompt.
        Assert.Matches(new Regex(@"^http_request_duration_seconds_count\{[^}]*endpoint=""/metrics""[^}]*\} \d+$", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^http_requests_received_total\{code=""200"",method=""POST"",[^}]*endpoint=""/api/v1/prompts/\{key\}/execute""\} \d+$", RegexOptions.Multiline), text);
        Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("http_", StringComparison.Ordinal) && l.Contains(key, StringComparison.Ordinal));
        Assert.Contains("# TYPE http_requests_in_progress gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_collection_count_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_working_set_bytes gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_cpu_seconds_total counter", text, StringComparison.Ordinal);
        // prometheus-net's own adapters (event counters, meters, debug metrics) belong to its default registry, which the app does not use.
        Assert.DoesNotContain("prometheus_net_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("microsoft_aspnetcore_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_app_in_the_same_process_shows_only_its_own_executions()
    {
        using var other = new MetricsApp();
        var key = await CreatePromptAsync(other.Client);
        Assert.Equal(HttpStatusCode.OK, await ExecuteAsync(other.Client, key));

        var theirs = await other.Client.GetStringAsync("/metrics");
        var mine = await ScrapeAsync();

        Assert.Equal(1, Sample(theirs, "promptconsole_executions_total", $"prompt=\"{key}\""));
        Assert.DoesNotContain(key, mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_output_passes_promtool_check_metrics()
    {
        var key = await CreatePromptAsync(_client);
        Assert.Equal(HttpStatusCode.OK, await ExecuteAsync(_client, key));
        var rejected = await CreatePromptAsync(_client, checks: new { maxLength = 3 });
        await ExecuteAsync(_client, rejected);
        await ScrapeAsync();
        var text = await ScrapeAsync();

        var (exitCode, output) = await PrometheusTools.PromtoolAsync(text, "check", "metrics");

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
    }

    [Fact]
    public async Task Alert_rules_pass_promtool_check_rules()
    {
        var rules = Path.Combine(PrometheusTools.RepositoryRoot(), "deploy", "prometheus", "alerts.yml");
        Assert.True(File.Exists(rules), $"{rules} is missing.");

        var (exitCode, output) = await PrometheusTools.PromtoolAsync(null, "check", "rules", rules);

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}");
        Assert.Matches(@"SUCCESS: \d+ rules found", output);
    }
}
