using System.Net;
using System.Text.Json.Nodes;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

public abstract class ManagementApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private static object Version(string template = "Hello {{name}}", string model = "sim-fast") => new
    {
        template,
        model = new { model },
        variables = new[] { new { name = "name", type = "String" } },
    };

    [Fact]
    public async Task Created_prompt_is_listed_found_by_search_and_readable()
    {
        var key = NewKey("listed");
        var created = await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "Listed prompt", description = "about invoices", tags = new[] { "Billing" }, firstVersion = Version() });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(key, (string?)created.Body!["key"]);
        Assert.Equal(1, (int)created.Body["versions"]![0]!["number"]!);
        Assert.Equal(64, ((string?)created.Body["versions"]![0]!["contentHash"])!.Length);

        var all = await _client.GetJsonAsync("/api/v1/prompts");
        Assert.Contains(all.Body!.AsArray(), p => (string?)p!["key"] == key);
        var searched = await _client.GetJsonAsync("/api/v1/prompts?search=INVOICES");
        Assert.Contains(searched.Body!.AsArray(), p => (string?)p!["key"] == key);
        var missed = await _client.GetJsonAsync("/api/v1/prompts?search=zz-no-such-thing");
        Assert.DoesNotContain(missed.Body!.AsArray(), p => (string?)p!["key"] == key);

        var one = await _client.GetJsonAsync($"/api/v1/prompts/{key}");
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal("billing", (string?)one.Body!["tags"]![0]);
    }

    [Fact]
    public async Task Invalid_prompt_is_a_400_problem_naming_each_field()
    {
        var (status, body, response) = await _client.PostJsonAsync("/api/v1/prompts", new { key = "Not A Slug!", name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://promptconsole.dev/problems/invalid-prompt", (string?)body!["type"]);
        var fields = body["errors"]!.AsArray().Select(e => (string?)e!["field"]).ToArray();
        Assert.Contains("key", fields);
        Assert.Contains("name", fields);
    }

    [Theory]
    [InlineData("""{"key":"nulls-a","name":"x","tags":[null,"ok"]}""", null)]
    [InlineData("""{"key":"nulls-b","name":"x","firstVersion":{"template":"Hi {{a}}","model":{"model":"sim-fast"},"variables":[null]}}""", "variables[0]")]
    [InlineData("""{"key":"nulls-c","name":"x","firstVersion":{"template":"Hi","model":{"model":"sim-fast","fallbackModels":[null]}}}""", "model.fallbackModels[0]")]
    [InlineData("""{"key":"nulls-d","name":"x","firstVersion":{"template":"Hi","model":null}}""", "model.model")]
    public async Task Null_entries_are_refused_or_ignored_never_a_500(string raw, string? field)
    {
        var (status, body, _) = await _client.PostJsonAsync("/api/v1/prompts", raw.Replace("nulls-", $"nulls-{Guid.NewGuid():N}"[..14], StringComparison.Ordinal));
        if (field is null)
        {
            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal(new[] { "ok" }, body!["tags"]!.AsArray().Select(t => (string?)t).ToArray());
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(body!["errors"]!.AsArray(), e => (string?)e!["field"] == field);
    }

    [Fact]
    public async Task A_template_calling_an_unknown_helper_or_partial_is_refused_on_save()
    {
        var key = NewKey("helper");
        await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "x" });
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new
        {
            template = "Hi\n{{shout name}} {{> footer}}",
            model = new { model = "sim-fast" },
            variables = new[] { new { name = "name" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body!["errors"]!.AsArray();
        Assert.Contains(errors, e => ((string?)e!["message"])!.Contains("Unknown helper 'shout'") && (int)e["line"]! == 2 && (int)e["column"]! == 1);
        Assert.Contains(errors, e => ((string?)e!["message"])!.Contains("Partials"));
    }

    [Fact]
    public async Task Duplicate_key_is_a_409()
    {
        var key = NewKey("dup");
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "One" })).Status);
        var second = await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "Two" });
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.StartsWith("https://promptconsole.dev/problems/", (string?)second.Body!["type"]);
    }

    [Fact]
    public async Task Version_using_an_undeclared_variable_is_a_400_with_line_and_column()
    {
        var key = NewKey("undeclared");
        await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "x" });
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new
        {
            template = "Hello {{name}}\nYour order {{ order_id }} shipped.",
            model = new { model = "sim-fast" },
            variables = new[] { new { name = "name", type = "String" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body!["errors"]!.AsArray().Single(e => ((string?)e!["message"])!.Contains("order_id"));
        Assert.Equal("template", (string?)error!["field"]);
        Assert.Equal(2, (int)error["line"]!);
        Assert.Equal(15, (int)error["column"]!);
    }

    [Fact]
    public async Task Template_that_does_not_compile_is_a_400_with_position()
    {
        var key = NewKey("broken");
        await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "x" });
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new
        {
            template = "Hi\n{{#if name}}open",
            model = new { model = "sim-fast" },
            variables = new[] { new { name = "name", type = "String" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body!["errors"]!.AsArray().First();
        Assert.Equal(2, (int)error!["line"]!);
        Assert.Equal(1, (int)error["column"]!);
    }

    [Fact]
    public async Task New_version_reports_declared_but_unused_variables_as_warnings()
    {
        var key = NewKey("warn");
        await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "x" });
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new
        {
            template = "Hello {{name}}",
            model = new { model = "sim-fast" },
            variables = new object[] { new { name = "name", type = "String" }, new { name = "unused", type = "Text" } },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(1, (int)body!["version"]!["number"]!);
        Assert.Contains("unused", (string?)body["warnings"]![0]!["message"]);
    }

    [Fact]
    public async Task Deploy_and_rollback_move_the_label_and_are_audited()
    {
        var key = NewKey("labels");
        await _client.CreateDeployedPromptAsync(key, Version("Hello {{name}}"));
        await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", Version("Hi there {{name}}"));

        var deployed = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production", new { version = 2, reason = "better greeting" });
        Assert.Equal(HttpStatusCode.OK, deployed.Status);
        Assert.Equal(2, (int)deployed.Body!["version"]!);
        Assert.Equal(1, (int)deployed.Body["rollbackTarget"]!);

        var rolled = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production/rollback", new { reason = "complaints" });
        Assert.Equal(HttpStatusCode.OK, rolled.Status);
        Assert.Equal(1, (int)rolled.Body!["version"]!);
        Assert.Equal(3, rolled.Body["history"]!.AsArray().Count);

        var labels = await _client.GetJsonAsync($"/api/v1/prompts/{key}/labels");
        Assert.Equal(1, (int)labels.Body!.AsArray().Single(l => (string?)l!["name"] == "production")!["version"]!);

        var audit = await _client.GetJsonAsync($"/api/v1/prompts/{key}/audit");
        var actions = audit.Body!.AsArray().Select(a => (string?)a!["action"]).ToArray();
        Assert.Contains("prompt.created", actions);
        Assert.Contains("version.created", actions);
        Assert.Contains("label.deployed", actions);
        Assert.Contains("label.rolled-back", actions);
        Assert.Contains(audit.Body!.AsArray(), a => (string?)a!["reason"] == "complaints");

        var global = await _client.GetJsonAsync($"/api/v1/audit?prompt={key}&take=2");
        Assert.Equal(2, global.Body!.AsArray().Count);
    }

    [Fact]
    public async Task Rollback_with_nothing_to_roll_back_to_is_a_409()
    {
        var key = NewKey("norollback");
        await _client.CreateDeployedPromptAsync(key, Version());
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production/rollback");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("https://promptconsole.dev/problems/nothing-to-roll-back", (string?)body!["type"]);
    }

    [Fact]
    public async Task Stale_expected_revision_is_a_409_and_changes_nothing()
    {
        var key = NewKey("stale");
        var created = await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "x", firstVersion = Version() });
        var revision = (int)created.Body!["revision"]!;

        var first = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "A {{name}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "name" } }, expectedRevision = revision });
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var second = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new { template = "B {{name}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "name" } }, expectedRevision = revision });
        Assert.Equal(HttpStatusCode.Conflict, second.Status);

        var versions = await _client.GetJsonAsync($"/api/v1/prompts/{key}/versions");
        Assert.Equal(2, versions.Body!.AsArray().Count);
    }

    [Fact]
    public async Task Deprecated_version_cannot_be_deployed_and_a_served_one_cannot_be_deprecated()
    {
        var key = NewKey("deprecate");
        await _client.CreateDeployedPromptAsync(key, Version());
        await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", Version("Changed {{name}}"));

        var inUse = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions/1/deprecate", new { reason = "old" });
        Assert.Equal(HttpStatusCode.Conflict, inUse.Status);

        var deprecated = await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions/2/deprecate", new { reason = "bad idea" });
        Assert.Equal(HttpStatusCode.OK, deprecated.Status);
        Assert.True((bool)deprecated.Body!["deprecated"]!);

        var deploy = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production", new { version = 2 });
        Assert.Equal(HttpStatusCode.Conflict, deploy.Status);
    }

    [Theory]
    [InlineData("/api/v1/prompts/no-such-prompt", "prompt-not-found")]
    [InlineData("/api/v1/prompts/no-such-prompt/versions", "prompt-not-found")]
    [InlineData("/api/v1/prompts/no-such-prompt/labels", "prompt-not-found")]
    [InlineData("/api/v1/prompts/no-such-prompt/audit", "prompt-not-found")]
    public async Task Unknown_prompt_is_a_404_problem(string url, string code)
    {
        var (status, body, _) = await _client.GetJsonAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("https://promptconsole.dev/problems/" + code, (string?)body!["type"]);
    }

    [Fact]
    public async Task A_version_is_readable_with_everything_it_was_created_with()
    {
        var key = NewKey("readver");
        await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "x" });
        await _client.PostJsonAsync($"/api/v1/prompts/{key}/versions", new
        {
            template = "Summarize {{ticket}}",
            systemText = "You are brief.",
            model = new { model = "sim-smart", temperature = 0.3, maxTokens = 300, fallbackModels = new[] { "sim-fast" } },
            variables = new[] { new { name = "ticket", type = "Text", semanticThreshold = 0.9 } },
            checks = new { maxLength = 500, regex = "^\\S", mustBeJson = false },
            note = "first",
        });

        var (status, body, _) = await _client.GetJsonAsync($"/api/v1/prompts/{key}/versions/1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("You are brief.", (string?)body!["systemText"]);
        Assert.Equal("sim-fast", (string?)body["model"]!["fallbackModels"]![0]);
        Assert.Equal(0.3, (double)body["model"]!["temperature"]!);
        Assert.Equal("Text", (string?)body["variables"]![0]!["type"]);
        Assert.Equal(500, (int)body["checks"]!["maxLength"]!);
        Assert.Equal("master-key", (string?)body["author"]);
        Assert.Equal("first", (string?)body["note"]);
    }

    [Fact]
    public async Task Unknown_version_and_label_are_404s()
    {
        var key = NewKey("missing");
        await _client.CreateDeployedPromptAsync(key, Version());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"/api/v1/prompts/{key}/versions/9")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production", new { version = 9 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/staging/rollback")).Status);
    }

    [Fact]
    public async Task Deploy_without_a_version_names_the_field()
    {
        var key = NewKey("noversion");
        await _client.CreateDeployedPromptAsync(key, Version());
        var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{key}/labels/staging", new { reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("version", (string?)body!["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task Capture_can_be_switched_on_through_the_api()
    {
        var key = NewKey("capture");
        await _client.PostJsonAsync("/api/v1/prompts", new { key, name = "x" });
        var (status, body, _) = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/prompts/{key}", new { captureEnabled = true, captureRetentionDays = 3 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body!["captureEnabled"]!);
        Assert.Equal(3, (int)body["captureRetentionDays"]!);
        Assert.Equal("x", (string?)body["name"]);
    }

    [Fact]
    public async Task Health_openapi_and_models_are_served()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/readyz")).StatusCode);

        var openApi = await _client.GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.Status);
        var paths = openApi.Body!["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("/api/v1/prompts/{key}/execute", paths);
        Assert.Contains("/api/v1/prompts/{key}/labels/{label}/rollback", paths);

        var models = await _client.GetJsonAsync("/api/v1/models");
        var fast = models.Body!.AsArray().Single(m => (string?)m!["id"] == "sim-fast");
        Assert.True((bool)fast!["simulated"]!);
    }
}

public sealed class ManagementApiOnSqlite(SqliteApp app) : ManagementApiTests(app), IClassFixture<SqliteApp>;

public sealed class ManagementApiOnPostgres(PostgresApp app) : ManagementApiTests(app), IClassFixture<PostgresApp>;
