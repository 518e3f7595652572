using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Limits;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Limits;

/// <summary>
/// Limits on the real app (one instance, no Redis: the database counts): 429 problems with Retry-After naming the
/// limit on the execute and OpenAI endpoints, the tenants API with its validation and audit, callers without a key
/// id unlimited.
/// </summary>
public abstract class LimitsApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Requests_above_the_keys_rps_get_429_with_Retry_After_and_a_problem_naming_the_limit()
    {
        var prompt = await LimitsHttp.CreatePromptAsync(_client);
        var caller = TestCaller.Of(NewName("key"), rps: 2);
        var answers = new List<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body, HttpResponseMessage Response)>();
        for (var i = 0; i < 6; i++)
            answers.Add(await LimitsHttp.ExecuteAsync(_client, prompt, caller));

        var refused = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.True(answers.Count(a => a.Status == HttpStatusCode.OK) <= 4, "At most 2 per second, and 6 quick requests span at most two seconds.");
        var problem = refused[0].Body!;
        Assert.Equal("https://promptconsole.dev/problems/rate-limited", (string?)problem["type"]);
        Assert.Equal(429, (int?)problem["status"]);
        Assert.Equal("key.requestsPerSecond", (string?)problem["limit"]);
        Assert.Equal(2m, (decimal?)problem["limitValue"]);
        Assert.Equal(1, LimitsHttp.RetryAfter(refused[0].Response));
    }

    [Fact]
    public async Task Tokens_per_minute_refuse_once_the_minutes_tokens_reached_the_limit()
    {
        var prompt = await LimitsHttp.CreatePromptAsync(_client);
        var caller = TestCaller.Of(NewName("key"), tpm: 5);
        var first = await LimitsHttp.ExecuteAsync(_client, prompt, caller);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.True((int)first.Body!["usage"]!["inputTokens"]! + (int)first.Body["usage"]!["outputTokens"]! >= 5);

        var second = await LimitsHttp.ExecuteAsync(_client, prompt, caller);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal("https://promptconsole.dev/problems/rate-limited", (string?)second.Body!["type"]);
        Assert.Equal("key.tokensPerMinute", (string?)second.Body["limit"]);
        var expected = UsageDecision.RetryAfterSeconds(UsageLimitKind.TokensPerMinute, DateTimeOffset.UtcNow);
        Assert.InRange(LimitsHttp.RetryAfter(second.Response), Math.Max(1, expected - 2), Math.Min(60, expected + 2));
    }

    [Fact]
    public async Task A_tenants_monthly_budget_refuses_with_budget_exceeded_until_the_next_month()
    {
        var prompt = await LimitsHttp.CreatePromptAsync(_client);
        var tenant = NewName("ten");
        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}", new { monthlyBudgetUsd = 0.000001m });
        Assert.Equal(HttpStatusCode.Created, put.Status);

        var caller = TestCaller.Of(NewName("key"), tenant: tenant);
        var first = await LimitsHttp.ExecuteAsync(_client, prompt, caller);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.True((decimal)first.Body!["costUsd"]! > 0);

        // Another key of the same tenant is refused too: the budget is the tenant's.
        var second = await LimitsHttp.ExecuteAsync(_client, prompt, TestCaller.Of(NewName("key"), tenant: tenant));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal("https://promptconsole.dev/problems/budget-exceeded", (string?)second.Body!["type"]);
        Assert.Equal("tenant.monthlyBudget", (string?)second.Body["limit"]);
        Assert.Equal(0.000001m, (decimal?)second.Body["limitValue"]);
        var expected = UsageDecision.RetryAfterSeconds(UsageLimitKind.MonthlyBudget, DateTimeOffset.UtcNow);
        Assert.InRange(LimitsHttp.RetryAfter(second.Response), expected - 5, expected + 5);

        var view = await _client.GetJsonAsync($"/api/v1/tenants/{tenant}");
        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.Equal(1, (long)view.Body!["usage"]!["requests"]!);
        Assert.Equal((decimal)first.Body["costUsd"]!, (decimal)view.Body["usage"]!["spendUsd"]!);
        Assert.Equal(0m, (decimal)view.Body["usage"]!["budgetRemainingUsd"]!);
        Assert.Equal(DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), (string?)view.Body["usage"]!["month"]);
    }

    [Fact]
    public async Task The_OpenAI_endpoint_answers_429_in_the_OpenAI_error_shape()
    {
        var caller = TestCaller.Of(NewName("key"), tpm: 1);
        Assert.Equal(HttpStatusCode.OK, (await LimitsHttp.ChatAsync(_client, caller)).Status);
        var refused = await LimitsHttp.ChatAsync(_client, caller);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("key.tokensPerMinute", (string?)refused.Body!["limit"]);
        Assert.Equal("rate_limit_error", (string?)refused.Body["error"]!["type"]);
        Assert.Equal("rate-limited", (string?)refused.Body["error"]!["code"]);
        Assert.Contains("key.tokensPerMinute", (string?)refused.Body["error"]!["message"], StringComparison.Ordinal);
        Assert.True(LimitsHttp.RetryAfter(refused.Response) >= 1);
    }

    [Fact]
    public async Task A_caller_without_a_key_id_is_unlimited()
    {
        var prompt = await LimitsHttp.CreatePromptAsync(_client);
        for (var i = 0; i < 5; i++)
        {
            var answer = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" } });
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }
    }

    [Fact]
    public async Task Tenants_are_created_updated_listed_and_deleted_with_audit_events()
    {
        var tenant = NewName("ten");
        var created = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}", new { requestsPerSecond = 10, tokensPerMinute = 1000 });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(10, (int?)created.Body!["limits"]!["requestsPerSecond"]);
        Assert.Null(created.Body["limits"]!["monthlyBudgetUsd"]);
        Assert.Equal(0, (long)created.Body["usage"]!["requests"]!);

        var updated = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}", new { monthlyBudgetUsd = 12.5m });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Null(updated.Body!["limits"]!["requestsPerSecond"]);
        Assert.Equal(12.5m, (decimal?)updated.Body["limits"]!["monthlyBudgetUsd"]);
        Assert.Equal(12.5m, (decimal?)updated.Body["usage"]!["budgetRemainingUsd"]);

        var list = await _client.GetJsonAsync("/api/v1/tenants");
        Assert.Contains(list.Body!.AsArray(), t => (string?)t!["name"] == tenant);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/tenants/{tenant}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/tenants/{tenant}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/tenants/{tenant}")).Status);

        var dbFactory = app.Factory.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var actions = await db.AuditEvents.Where(e => e.Target == "tenant:" + tenant).Select(e => e.Action).ToListAsync();
        Assert.Equal(["tenant.created", "tenant.deleted", "tenant.updated"], actions.Order().ToArray());
    }

    [Theory]
    [InlineData("bad name!", """{"requestsPerSecond": 1}""", "name")]
    [InlineData("ok", """{"requestsPerSecond": 0}""", "requestsPerSecond")]
    [InlineData("ok", """{"tokensPerMinute": -5}""", "tokensPerMinute")]
    [InlineData("ok", """{"monthlyBudgetUsd": -1}""", "monthlyBudgetUsd")]
    [InlineData("ok", """{"monthlyBudgetUsd": 0.0000001}""", "monthlyBudgetUsd")]
    [InlineData("ok", """{"requestsPerSecond": "ten"}""", "requestsPerSecond")]
    public async Task Invalid_tenants_get_400_problems_with_field_errors(string name, string body, string field)
    {
        var answer = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/tenants/{Uri.EscapeDataString(name)}", body);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(answer.Body!["errors"]!.AsArray(), e => ((string?)e!["field"])?.Contains(field, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_tenant_limit_change_applies_to_the_next_request()
    {
        var prompt = await LimitsHttp.CreatePromptAsync(_client);
        var tenant = NewName("ten");
        var caller = TestCaller.Of(NewName("key"), tenant: tenant);
        Assert.Equal(HttpStatusCode.OK, (await LimitsHttp.ExecuteAsync(_client, prompt, caller)).Status);
        Assert.Equal(HttpStatusCode.Created, (await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}", new { tokensPerMinute = 1 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await LimitsHttp.ExecuteAsync(_client, prompt, caller)).Status);
        var refused = await LimitsHttp.ExecuteAsync(_client, prompt, caller);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("tenant.tokensPerMinute", (string?)refused.Body!["limit"]);
    }
}

public sealed class LimitsSqliteApp() : ApiAppFixture(TestDatabaseProvider.Sqlite);

public sealed class LimitsApiOnSqlite(LimitsSqliteApp app) : LimitsApiTests(app), IClassFixture<LimitsSqliteApp>;

public sealed class LimitsPostgresApp() : ApiAppFixture(TestDatabaseProvider.Postgres);

public sealed class LimitsApiOnPostgres(LimitsPostgresApp app) : LimitsApiTests(app), IClassFixture<LimitsPostgresApp>;
