using System.Net;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

/// <summary>An app with tiny limits: 2 KB bodies, one execution at a time, no queue, and a slow model.</summary>
public abstract class LimitedAppFixture(TestDatabaseProvider provider) : ApiAppFixture(provider, new Dictionary<string, string?>
{
    ["PromptConsole:Execution:MaxRequestBytes"] = "2048",
    ["PromptConsole:Execution:MaxConcurrentExecutions"] = "1",
    ["PromptConsole:Execution:QueueLimit"] = "0",
    ["PromptConsole:Execution:RetryAfterSeconds"] = "7",
    ["PromptConsole:Providers:slow:Kind"] = "Simulator",
    ["PromptConsole:Providers:slow:LatencyMedianMs"] = "3000",
    ["PromptConsole:Providers:slow:LatencyP95Ms"] = "3000",
    ["PromptConsole:Providers:slow:ErrorRate"] = "0",
    ["PromptConsole:Models:sim-slow:Provider"] = "slow",
    ["PromptConsole:Models:sim-slow:InputPer1K"] = "0.001",
    ["PromptConsole:Models:sim-slow:OutputPer1K"] = "0.001",
    ["PromptConsole:Models:sim-tiny:Provider"] = "simulator",
    ["PromptConsole:Models:sim-tiny:InputPer1K"] = "0.001",
    ["PromptConsole:Models:sim-tiny:OutputPer1K"] = "0.001",
    ["PromptConsole:Models:sim-tiny:ContextWindow"] = "100",
});

public sealed class LimitedSqliteApp() : LimitedAppFixture(TestDatabaseProvider.Sqlite);

public sealed class LimitedPostgresApp() : LimitedAppFixture(TestDatabaseProvider.Postgres);

public abstract class LimitsTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Body_over_the_limit_is_a_413_problem()
    {
        var key = $"big-{Guid.NewGuid():N}"[..20];
        await _client.CreateDeployedPromptAsync(key, new { template = "Echo {{text}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "text", type = "Text" } } });

        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { text = new string('x', 5_000) } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("https://promptconsole.dev/problems/request-too-large", (string?)body!["type"]);

        var small = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { text = "short" } });
        Assert.Equal(HttpStatusCode.OK, small.Status);
    }

    [Fact]
    public async Task A_prompt_that_cannot_fit_the_models_context_window_is_a_413_problem_and_never_sent()
    {
        var key = $"tiny-{Guid.NewGuid():N}"[..20];
        await _client.CreateDeployedPromptAsync(key, new { template = "Echo {{text}}", model = new { model = "sim-tiny" }, variables = new[] { new { name = "text", type = "Text" } } });

        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { text = new string('x', 1_000) } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("https://promptconsole.dev/problems/context-window-exceeded", (string?)body!["type"]);
        Assert.Equal("variables", (string?)body["errors"]![0]!["field"]);

        var fits = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { text = "short" } });
        Assert.Equal(HttpStatusCode.OK, fits.Status);
    }

    [Fact]
    public async Task Executions_beyond_capacity_get_a_503_with_retry_after()
    {
        var key = $"slow-{Guid.NewGuid():N}"[..20];
        await _client.CreateDeployedPromptAsync(key, new { template = "Slow {{x}}", model = new { model = "sim-slow" }, variables = new[] { new { name = "x" } } });

        var slow = _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { x = "1" } });
        // The first call holds the only permit for ~3 s; give it a moment to be admitted.
        await Task.Delay(500);
        var (status, body, response) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { x = "2" } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("https://promptconsole.dev/problems/overloaded", (string?)body!["type"]);
        Assert.Equal("7", response.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await slow).Status);
    }
}

public sealed class LimitsOnSqlite(LimitedSqliteApp app) : LimitsTests(app), IClassFixture<LimitedSqliteApp>;

public sealed class LimitsOnPostgres(LimitedPostgresApp app) : LimitsTests(app), IClassFixture<LimitedPostgresApp>;
