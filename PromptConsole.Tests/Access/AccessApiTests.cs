using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Access;
using PromptConsole.Tests.Api;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Access;

/// <summary>API keys, the master key, protected labels, the users API and the sign-in form against the real application.</summary>
public abstract class AccessApiTests(ApiAppFixture app)
{
    private readonly HttpClient _admin = app.Client;

    private static string NewName(string stem) => $"{stem}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task A_key_is_shown_once_stored_as_a_hash_and_calls_with_its_scope_and_name()
    {
        var name = NewName("billing");
        var created = await _admin.PostJsonAsync("/api/v1/keys", new { name, scopes = new[] { "execute" }, tenant = "acme" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var secret = (string)created.Body!["secret"]!;
        var token = ApiKeyToken.TryParse(secret);
        Assert.NotNull(token);
        Assert.Equal("pck_" + token.Prefix, (string?)created.Body["key"]!["prefix"]);

        // The list never carries the secret; the database holds the prefix and the hash of the secret part only.
        var listed = await _admin.GetJsonAsync("/api/v1/keys");
        Assert.DoesNotContain(token.Secret, listed.Body!.ToJsonString(), StringComparison.Ordinal);
        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync())
        {
            var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Prefix == token.Prefix);
            Assert.Equal(token.SecretHash(), row.SecretHash);
            Assert.DoesNotContain(token.Secret, $"{row.Name}|{row.Prefix}|{row.SecretHash}|{row.Tenant}", StringComparison.Ordinal);
        }

        var prompt = NewName("keyed");
        await _admin.CreateDeployedPromptAsync(prompt, new { template = "Say hi to {{name}}.", model = new { model = "sim-fast" }, variables = new[] { new { name = "name" } } });
        using var application = app.Factory.CreateClientWithKey(secret);
        var executed = await application.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "Ada" }, tenant = "someone-else" });
        Assert.Equal(HttpStatusCode.OK, executed.Status);

        // A key bound to a tenant speaks for that tenant whatever the body says: costs cannot be moved to another.
        var executionId = (string)executed.Body!["executionId"]!;
        var recorded = await _admin.GetJsonAsync($"/api/v1/executions/{executionId}");
        for (var wait = 0; recorded.Status == HttpStatusCode.NotFound && wait < 100; wait++)
        {
            await Task.Delay(100);
            recorded = await _admin.GetJsonAsync($"/api/v1/executions/{executionId}");
        }

        Assert.Equal("acme", (string?)recorded.Body!["tenant"]);

        // Its last use is written (at most once a minute per instance, off the request's path).
        var lastUsed = await KeyAsync(token.Prefix);
        for (var wait = 0; lastUsed["lastUsedAt"] is null && wait < 100; wait++)
        {
            await Task.Delay(100);
            lastUsed = await KeyAsync(token.Prefix);
        }

        Assert.NotNull(lastUsed["lastUsedAt"]);

        // Its scope is execute only: the management API refuses it, naming what it needs.
        var refused = await application.GetJsonAsync("/api/v1/prompts");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("https://promptconsole.dev/problems/forbidden", (string?)refused.Body!["type"]);
        Assert.Contains("Viewer", (string?)refused.Body["detail"], StringComparison.Ordinal);

        var me = await application.GetJsonAsync("/api/v1/me");
        Assert.Equal("key:" + name, (string?)me.Body!["name"]);
        Assert.Equal("acme", (string?)me.Body["tenant"]);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> KeyAsync(string prefix) =>
        (await _admin.GetJsonAsync("/api/v1/keys")).Body!.AsArray().Single(k => (string?)k!["prefix"] == "pck_" + prefix)!;

    [Fact]
    public async Task Wrong_revoked_and_expired_keys_get_401_problems()
    {
        var secret = await AccessTestKeys.CreateAsync(_admin, NewName("revoke"), ["execute"]);
        var token = ApiKeyToken.TryParse(secret)!;
        using (var wrong = app.Factory.CreateClientWithKey(new ApiKeyToken(token.Prefix, new string('z', ApiKeyToken.SecretLength)).Value))
        {
            var refused = await wrong.GetJsonAsync("/v1/models");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Equal("invalid-api-key", (string?)refused.Body!["code"]);
            Assert.Equal("authentication_error", (string?)refused.Body["error"]!["type"]);
        }

        using var client = app.Factory.CreateClientWithKey(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/v1/models")).Status);
        var id = (string)(await _admin.GetJsonAsync("/api/v1/keys")).Body!.AsArray().Single(k => (string?)k!["prefix"] == "pck_" + token.Prefix)!["id"]!;
        var revoked = await _admin.SendJsonAsync(HttpMethod.Delete, $"/api/v1/keys/{id}");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.NotNull(revoked.Body!["revokedAt"]);
        Assert.Equal("master-key", (string?)revoked.Body["revokedBy"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/v1/models")).Status);

        var expired = await _admin.PostJsonAsync("/api/v1/keys", new { name = "old", scopes = new[] { "execute" }, expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, expired.Status);
        Assert.Equal("expiresAt", (string?)expired.Body!["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task Without_a_key_the_apis_answer_401_and_the_probes_stay_open()
    {
        using var anonymous = app.Factory.CreateAnonymousClient();
        var refused = await anonymous.PostJsonAsync("/api/v1/prompts", new { key = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("unauthenticated", (string?)refused.Body!["code"]);
        Assert.Equal("Bearer", refused.Response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics")).StatusCode);

        // X-Actor names nobody any more: the audit trail records who the key or sign-in says.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/prompts");
        request.Headers.Add("X-Actor", "mallory");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Operators_move_unprotected_labels_and_only_admins_move_production_or_switch_capture()
    {
        var prompt = NewName("labels");
        await _admin.CreateDeployedPromptAsync(prompt, new { template = "Hello.", model = new { model = "sim-fast" } });
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostJsonAsync($"/api/v1/prompts/{prompt}/versions", new { template = "Hello again.", model = new { model = "sim-fast" }, expectedRevision = (int?)null })).Status);
        using var @operator = app.Factory.CreateClientWithKey(await AccessTestKeys.CreateAsync(_admin, NewName("operator"), ["manage"], "Operator"));
        using var admin = app.Factory.CreateClientWithKey(await AccessTestKeys.CreateAsync(_admin, NewName("admin"), ["manage"], "Admin"));

        Assert.Equal(HttpStatusCode.OK, (await @operator.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/staging", new { version = 2 })).Status);
        var refused = await @operator.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production", new { version = 2 });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("protected", (string?)refused.Body!["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production/rollback", new { reason = "try" })).Status);

        var deployed = await admin.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production", new { version = 2 });
        Assert.Equal(HttpStatusCode.OK, deployed.Status);
        var rolledBack = await admin.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production/rollback", new { reason = "bad answers" });
        Assert.Equal(HttpStatusCode.OK, rolledBack.Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{prompt}", new { captureEnabled = true })).Status);
        Assert.Equal(HttpStatusCode.OK, (await @operator.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{prompt}", new { description = "renamed by an operator" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{prompt}", new { captureEnabled = true })).Status);

        // The audit trail names the keys, not anything the caller claimed.
        var audit = await _admin.GetJsonAsync($"/api/v1/prompts/{prompt}/audit");
        var actors = audit.Body!.AsArray().Select(e => (string?)e!["actor"]).ToHashSet();
        Assert.Contains(actors, a => a!.StartsWith("key:operator", StringComparison.Ordinal));
        Assert.Contains(actors, a => a!.StartsWith("key:admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Users_are_created_with_one_role_and_the_last_admin_keeps_the_role()
    {
        var email = $"{NewName("op")}@promptconsole.test";
        var weak = await _admin.PostJsonAsync("/api/v1/users", new { email, password = "short", role = "Operator" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.Status);
        Assert.Equal("password", (string?)weak.Body!["errors"]![0]!["field"]);

        var created = await _admin.PostJsonAsync("/api/v1/users", new { email, password = "long-enough-password", role = "Operator" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Operator", (string?)created.Body!["role"]);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostJsonAsync("/api/v1/users", new { email, password = "long-enough-password", role = "Viewer" })).Status);

        var users = (await _admin.GetJsonAsync("/api/v1/users")).Body!.AsArray();
        var admins = users.Where(u => (string?)u!["role"] == "Admin").ToList();
        if (admins.Count == 1)
        {
            var lastAdmin = (string)admins[0]!["id"]!;
            var demoted = await _admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{lastAdmin}/role", new { role = "Viewer" });
            Assert.Equal(HttpStatusCode.Conflict, demoted.Status);
            Assert.Equal("last-admin", (string?)demoted.Body!["code"]);
        }

        var id = (string)created.Body["id"]!;
        var viewer = await _admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{id}/role", new { role = "Viewer" });
        Assert.Equal("Viewer", (string?)viewer.Body!["role"]);
    }

    [Fact]
    public async Task The_sign_in_form_signs_in_refuses_wrong_passwords_and_a_cookie_never_changes_anything_through_the_api()
    {
        var email = $"{NewName("signin")}@promptconsole.test";
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostJsonAsync("/api/v1/users", new { email, password = "correct-horse-battery", role = "Operator" })).Status);

        using var browser = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Authorization = null;
        var wrong = await ConsoleSignIn.PostAsync(browser, email, "wrong-password-here");
        Assert.Contains("error=invalid", wrong.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/prompts")).StatusCode);

        var right = await ConsoleSignIn.PostAsync(browser, email, "correct-horse-battery", "/prompts");
        Assert.Equal("/prompts", right.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/prompts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/prompts")).StatusCode);

        // A cross-site form could post with the cookie; changes through the API need a key.
        var posted = await browser.PostAsync("/api/v1/prompts", new StringContent("{\"key\":\"csrf\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);

        // The form itself needs its antiforgery token.
        var forged = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = "correct-horse-battery" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var user = (await _admin.GetJsonAsync("/api/v1/users")).Body!.AsArray().Single(u => (string?)u!["email"] == email);
        Assert.NotNull(user!["lastSignInAt"]);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var email = $"{NewName("lock")}@promptconsole.test";
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostJsonAsync("/api/v1/users", new { email, password = "correct-horse-battery", role = "Viewer" })).Status);
        using var browser = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Authorization = null;
        for (var i = 0; i < 5; i++)
            await ConsoleSignIn.PostAsync(browser, email, "wrong-password-" + i);
        var locked = await ConsoleSignIn.PostAsync(browser, email, "correct-horse-battery");
        Assert.Contains("error=locked", locked.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}

public sealed class AccessApiOnSqlite(SqliteApp app) : AccessApiTests(app), IClassFixture<SqliteApp>;

public sealed class AccessApiOnPostgres(PostgresApp app) : AccessApiTests(app), IClassFixture<PostgresApp>;
