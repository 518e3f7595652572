using System.Net;
using System.Text.Json.Nodes;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

public abstract class FlagsApiTests(ApiAppFixture app)
{
    private readonly HttpClient _client = app.Client;

    private static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>A standard flag: variants off/on (JSON false/true) and a blue/green object, default off.</summary>
    private static Dictionary<string, object?> Flag(string key, bool enabled = true, object? targeting = null, object? rollout = null) => new()
    {
        ["key"] = key,
        ["description"] = "Checkout redesign",
        ["enabled"] = enabled,
        ["variants"] = new object[]
        {
            new { name = "off", value = false },
            new { name = "on", value = true },
            new { name = "themed", value = new { color = "green", size = 3 } },
        },
        ["defaultVariant"] = "off",
        ["targeting"] = targeting ?? Array.Empty<object>(),
        ["rollout"] = rollout ?? Array.Empty<object>(),
    };

    private Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> CreateAsync(object body) => _client.PostJsonAsync("/api/v1/flags", body);

    private async Task<JsonNode> EvaluateAsync(string key, string query = "")
    {
        var (status, body, _) = await _client.GetJsonAsync($"/api/v1/flags/{key}/evaluate{query}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    [Fact]
    public async Task Created_flag_is_listed_readable_replaceable_and_deletable()
    {
        var key = NewKey("crud");
        var (status, created, response) = await CreateAsync(Flag(key, targeting: new object[] { new { attribute = "plan", @operator = "in", value = new[] { "pro", "team" } } }));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal($"/api/v1/flags/{key}", response.Headers.Location?.OriginalString);
        Assert.Equal("standard", (string?)created!["kind"]);
        Assert.Equal(1, (int)created["revision"]!);
        Assert.Equal("green", (string?)created["variants"]![2]!["value"]!["color"]);
        Assert.Equal(new[] { "pro", "team" }, created["targeting"]![0]!["value"]!.AsArray().Select(v => (string?)v).ToArray());

        var all = await _client.GetJsonAsync("/api/v1/flags");
        Assert.Contains(all.Body!.AsArray(), f => (string?)f!["key"] == key);

        var replaced = Flag(key, enabled: false);
        replaced["description"] = "Checkout redesign, paused";
        replaced["expectedRevision"] = 1;
        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/flags/{key}", replaced);
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(2, (int)put.Body!["revision"]!);
        Assert.False((bool)put.Body["enabled"]!);
        Assert.Empty(put.Body["targeting"]!.AsArray());

        var read = await _client.GetJsonAsync($"/api/v1/flags/{key}");
        Assert.Equal("Checkout redesign, paused", (string?)read.Body!["description"]);

        var deleted = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/flags/{key}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        var gone = await _client.GetJsonAsync($"/api/v1/flags/{key}");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("https://promptconsole.dev/problems/flag-not-found", (string?)gone.Body!["type"]);
    }

    [Fact]
    public async Task Evaluate_serves_the_json_value_and_says_why()
    {
        var key = NewKey("eval");
        await CreateAsync(Flag(key, targeting: new object[] { new { attribute = "plan", @operator = "equals", value = "pro" } }, rollout: new object[] { new { variant = "themed", from = 0, to = 100 } }));

        var hit = await EvaluateAsync(key, "?subject=u-1&attr.plan=pro");
        Assert.Equal(key, (string?)hit["key"]);
        Assert.Equal("themed", (string?)hit["variant"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, JsonValueKind(hit["value"]));
        Assert.Equal(3, (int)hit["value"]!["size"]!);
        Assert.True((bool)hit["enabled"]!);
        Assert.Equal("rollout", (string?)hit["reason"]);

        var miss = await EvaluateAsync(key, "?subject=u-1&attr.plan=free");
        Assert.Equal("off", (string?)miss["variant"]);
        Assert.False((bool)miss["value"]!);
        Assert.False((bool)miss["enabled"]!);
        Assert.Equal("targeting-miss", (string?)miss["reason"]);

        var disabled = await _client.PostJsonAsync($"/api/v1/flags/{key}/disable");
        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        var off = await EvaluateAsync(key, "?subject=u-1&attr.plan=pro");
        Assert.Equal("off", (string?)off["variant"]);
        Assert.Equal("disabled", (string?)off["reason"]);
        Assert.False((bool)off["enabled"]!);
    }

    [Fact]
    public async Task Enabled_flag_without_rollout_serves_the_default_and_tenant_targeting_reads_the_tenant()
    {
        var key = NewKey("deflt");
        await CreateAsync(Flag(key, targeting: new object[] { new { attribute = "tenant", @operator = "in", value = new[] { "acme" } } }));

        var served = await EvaluateAsync(key, "?subject=u-7&tenant=acme");
        Assert.Equal("off", (string?)served["variant"]);
        Assert.True((bool)served["enabled"]!);
        Assert.Equal("default", (string?)served["reason"]);

        var other = await EvaluateAsync(key, "?subject=u-7&tenant=globex");
        Assert.Equal("targeting-miss", (string?)other["reason"]);
    }

    [Fact]
    public async Task Rollout_is_sticky_per_subject_and_splits_subjects()
    {
        var key = NewKey("roll");
        await CreateAsync(Flag(key, rollout: new object[] { new { variant = "on", from = 0, to = 50 } }));

        var variants = new Dictionary<string, string?>();
        for (var i = 0; i < 40; i++)
        {
            var subject = $"user-{i}";
            var first = await EvaluateAsync(key, $"?subject={subject}");
            var again = await EvaluateAsync(key, $"?subject={subject}");
            Assert.Equal((string?)first["variant"], (string?)again["variant"]);
            Assert.Equal((string?)first["variant"] == "on" ? "rollout" : "default", (string?)first["reason"]);
            variants[subject] = (string?)first["variant"];
        }

        // 40 subjects at 50 %: all on or all off has probability 2 × 0.5^40.
        Assert.Contains("on", variants.Values);
        Assert.Contains("off", variants.Values);
    }

    [Fact]
    public async Task Without_a_subject_a_partial_rollout_serves_the_default_and_a_full_one_its_variant()
    {
        var partial = NewKey("nosubj");
        await CreateAsync(Flag(partial, rollout: new object[] { new { variant = "on", from = 0, to = 50 } }));
        var full = NewKey("allsubj");
        await CreateAsync(Flag(full, rollout: new object[] { new { variant = "on", from = 0, to = 100 } }));

        var anonymous = await EvaluateAsync(partial, "");
        Assert.Equal(("off", "default"), ((string?)anonymous["variant"], (string?)anonymous["reason"]));
        var everyone = await EvaluateAsync(full, "");
        Assert.Equal(("on", "rollout"), ((string?)everyone["variant"], (string?)everyone["reason"]));
    }

    [Fact]
    public async Task Unknown_flag_is_a_404_problem_everywhere()
    {
        var key = NewKey("nope");
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, $"/api/v1/flags/{key}/evaluate?subject=a"),
            (HttpMethod.Get, $"/api/v1/flags/{key}"),
            (HttpMethod.Put, $"/api/v1/flags/{key}"),
            (HttpMethod.Delete, $"/api/v1/flags/{key}"),
            (HttpMethod.Post, $"/api/v1/flags/{key}/enable"),
            (HttpMethod.Post, $"/api/v1/flags/{key}/disable"),
        })
        {
            var (status, body, response) = await _client.SendJsonAsync(method, url, method == HttpMethod.Put ? Flag(key) : null);
            Assert.True(status == HttpStatusCode.NotFound, $"{method} {url}: {status}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("flag-not-found", (string?)body!["code"]);
        }
    }

    [Fact]
    public async Task Duplicate_key_is_a_409_and_a_stale_revision_too()
    {
        var key = NewKey("dup");
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(Flag(key))).Status);
        var again = await CreateAsync(Flag(key));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("flag-exists", (string?)again.Body!["code"]);

        var stale = Flag(key);
        stale["expectedRevision"] = 7;
        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/flags/{key}", stale);
        Assert.Equal(HttpStatusCode.Conflict, put.Status);
        Assert.Equal("revision-conflict", (string?)put.Body!["code"]);

        var switched = await _client.PostJsonAsync($"/api/v1/flags/{key}/disable", new { expectedRevision = 9 });
        Assert.Equal(HttpStatusCode.Conflict, switched.Status);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"key":"Bad Key!","variants":[{"name":"a","value":1}],"defaultVariant":"a"}""", "key" },
        { """{"key":"k-desc","description":"DESC","variants":[{"name":"a","value":1}],"defaultVariant":"a"}""".Replace("DESC", new string('x', 2001), StringComparison.Ordinal), "description" },
        { """{"key":"k-kind","kind":"toggle","variants":[{"name":"a","value":1}],"defaultVariant":"a"}""", "kind" },
        { """{"key":"k-novar","defaultVariant":"a"}""", "variants" },
        { """{"key":"k-vname","variants":[{"name":"A B","value":1}],"defaultVariant":"a"}""", "variants[0].name" },
        { """{"key":"k-vdup","variants":[{"name":"a","value":1},{"name":"a","value":2}],"defaultVariant":"a"}""", "variants[1].name" },
        { """{"key":"k-vval","variants":[{"name":"a"}],"defaultVariant":"a"}""", "variants[0].value" },
        { """{"key":"k-vnull","variants":[null],"defaultVariant":"a"}""", "variants[0]" },
        { """{"key":"k-def","variants":[{"name":"a","value":1}]}""", "defaultVariant" },
        { """{"key":"k-defx","variants":[{"name":"a","value":1}],"defaultVariant":"b"}""", "defaultVariant" },
        { """{"key":"k-tattr","variants":[{"name":"a","value":1}],"defaultVariant":"a","targeting":[{"attribute":"1bad","operator":"equals","value":"x"}]}""", "targeting[0].attribute" },
        { """{"key":"k-top","variants":[{"name":"a","value":1}],"defaultVariant":"a","targeting":[{"attribute":"plan","operator":"like","value":"x"}]}""", "targeting[0].operator" },
        { """{"key":"k-tval","variants":[{"name":"a","value":1}],"defaultVariant":"a","targeting":[{"attribute":"age","operator":"gt","value":"old"}]}""", "targeting[0].value" },
        { """{"key":"k-tnull","variants":[{"name":"a","value":1}],"defaultVariant":"a","targeting":[{"attribute":"plan","operator":"equals","value":true}]}""", "targeting[0].value" },
        { """{"key":"k-rvar","variants":[{"name":"a","value":1}],"defaultVariant":"a","rollout":[{"variant":"z","from":0,"to":10}]}""", "rollout[0].variant" },
        { """{"key":"k-rfrom","variants":[{"name":"a","value":1}],"defaultVariant":"a","rollout":[{"variant":"a","from":-1,"to":10}]}""", "rollout[0].from" },
        { """{"key":"k-rto","variants":[{"name":"a","value":1}],"defaultVariant":"a","rollout":[{"variant":"a","from":10,"to":5}]}""", "rollout[0].to" },
        { """{"key":"k-rover","variants":[{"name":"a","value":1}],"defaultVariant":"a","rollout":[{"variant":"a","from":0,"to":50},{"variant":"a","from":40,"to":60}]}""", "rollout[1].from" },
        { """{"key":"k-subj","variants":[{"name":"a","value":1}],"defaultVariant":"a","subjectAttribute":"9x"}""", "subjectAttribute" },
        { """{"key":"k-ksstd","variants":[{"name":"a","value":1}],"defaultVariant":"a","killSwitch":{"prompt":"p","safeVersion":1}}""", "killSwitch" },
        { """{"key":"k-ksnone","kind":"promptKillSwitch"}""", "killSwitch" },
        { """{"key":"k-ksp","kind":"promptKillSwitch","killSwitch":{"prompt":"no-such-prompt-here","safeVersion":1}}""", "killSwitch.prompt" },
        { """{"key":"k-kssv","kind":"promptKillSwitch","killSwitch":{"prompt":"no-such-prompt-here"}}""", "killSwitch.safeVersion" },
        { """{"key":"k-ksvar","kind":"promptKillSwitch","variants":[{"name":"a","value":1}],"killSwitch":{"prompt":"p","safeVersion":1}}""", "variants" },
        { """{"key":"k-json","enabled":"yes"}""", "enabled" },
        { """not json""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Every_validation_error_names_its_field(string raw, string field)
    {
        var (status, body, response) = await CreateAsync(raw);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var fields = body!["errors"]!.AsArray().Select(e => (string?)e!["field"]).ToArray();
        Assert.Contains(field, fields);
    }

    [Fact]
    public async Task A_put_cannot_rename_and_a_bad_attribute_parameter_is_named()
    {
        var key = NewKey("rename");
        await CreateAsync(Flag(key));
        var renamed = Flag(key);
        renamed["key"] = key + "-x";
        var put = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/flags/{key}", renamed);
        Assert.Equal(HttpStatusCode.BadRequest, put.Status);
        Assert.Contains(put.Body!["errors"]!.AsArray(), e => (string?)e!["field"] == "key");

        var evaluated = await _client.GetJsonAsync($"/api/v1/flags/{key}/evaluate?attr.1bad=x");
        Assert.Equal(HttpStatusCode.BadRequest, evaluated.Status);
        Assert.Contains(evaluated.Body!["errors"]!.AsArray(), e => (string?)e!["field"] == "attr.1bad");
    }

    [Fact]
    public async Task Every_change_is_audited_with_the_actor()
    {
        var key = NewKey("audit");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/flags") { Content = System.Net.Http.Json.JsonContent.Create(Flag(key, enabled: false)) };
        Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(request)).StatusCode);
        var updated = Flag(key, enabled: false);
        updated["description"] = "changed";
        await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/flags/{key}", updated);
        await _client.PostJsonAsync($"/api/v1/flags/{key}/enable", new { reason = "launch" });
        await _client.PostJsonAsync($"/api/v1/flags/{key}/enable");
        await _client.PostJsonAsync($"/api/v1/flags/{key}/disable");
        await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/flags/{key}");

        var audit = await _client.GetJsonAsync($"/api/v1/flags/{key}/audit");
        var events = audit.Body!.AsArray().Reverse().ToArray();

        // Enabling an enabled flag changes nothing and is not audited.
        Assert.Equal(new[] { "flag.created", "flag.updated", "flag.enabled", "flag.disabled", "flag.deleted" }, events.Select(e => (string?)e!["action"]).ToArray());
        Assert.All(events, e => Assert.Equal("master-key", (string?)e!["actor"]));
        Assert.Contains("description", (string?)events[1]!["summary"], StringComparison.Ordinal);
        Assert.Equal("launch", (string?)events[2]!["reason"]);
        Assert.All(events, e => Assert.Equal($"flag:{key}", (string?)e!["target"]));
    }

    [Fact]
    public async Task Kill_switch_sends_all_traffic_to_the_safe_version_at_once_and_back()
    {
        var prompt = NewKey("ks-prompt");
        await _client.CreateDeployedPromptAsync(prompt, new { template = "One {{name}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "name", type = "String" } } });
        var v2 = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/versions", new { template = "Two {{name}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "name", type = "String" } } });
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/labels/production", new { version = 2 })).Status);

        async Task<(int Version, string? Kind, string? Id)> ExecuteAsync(string name)
        {
            var (status, body, _) = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name }, subject = name });
            Assert.Equal(HttpStatusCode.OK, status);
            return ((int)body!["prompt"]!["version"]!, (string?)body["route"]!["kind"], (string?)body["route"]!["id"]);
        }

        Assert.Equal((2, "label"), ((await ExecuteAsync("a")).Version, (await ExecuteAsync("b")).Kind));

        var flag = NewKey("ks-flag");
        var created = await CreateAsync(new { key = flag, kind = "promptKillSwitch", description = "bad v2", killSwitch = new { prompt, safeVersion = 1 } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("off", (string?)created.Body!["defaultVariant"]);
        Assert.Equal(2, (await ExecuteAsync("c")).Version);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/flags/{flag}/enable", new { reason = "v2 answers in Klingon" })).Status);
        Assert.Equal((1, "kill-switch", flag), await ExecuteAsync("d"));
        Assert.Equal((1, "kill-switch", flag), await ExecuteAsync("e"));

        // Pinned versions still win: callers that pinned one must not break.
        var pinned = await _client.PostJsonAsync($"/api/v1/prompts/{prompt}/execute", new { variables = new { name = "f" }, version = 2 });
        Assert.Equal(2, (int)pinned.Body!["prompt"]!["version"]!);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/flags/{flag}/disable")).Status);
        Assert.Equal((2, "label", "production"), await ExecuteAsync("g"));

        // The kill switch's audit shows in the prompt's audit.
        var promptAudit = await _client.GetJsonAsync($"/api/v1/prompts/{prompt}/audit");
        var actions = promptAudit.Body!.AsArray().Select(e => (string?)e!["action"]).ToArray();
        Assert.Contains("flag.created", actions);
        Assert.Contains("flag.enabled", actions);
        Assert.Contains("flag.disabled", actions);
        var engaged = promptAudit.Body!.AsArray().First(e => (string?)e!["action"] == "flag.enabled");
        Assert.Equal("v2 answers in Klingon", (string?)engaged!["reason"]);

        // Deleting an engaged kill switch releases the prompt too.
        await _client.PostJsonAsync($"/api/v1/flags/{flag}/enable");
        Assert.Equal(1, (await ExecuteAsync("h")).Version);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/flags/{flag}")).Status);
        Assert.Equal(2, (await ExecuteAsync("i")).Version);
    }

    [Fact]
    public async Task Kill_switch_refuses_a_safe_version_the_prompt_does_not_have()
    {
        var prompt = NewKey("ks-nov");
        await _client.CreateDeployedPromptAsync(prompt, new { template = "One", model = new { model = "sim-fast" } });
        var (status, body, _) = await CreateAsync(new { key = NewKey("ks-bad"), kind = "promptKillSwitch", killSwitch = new { prompt, safeVersion = 5 } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(body!["errors"]!.AsArray(), e => (string?)e!["field"] == "killSwitch.safeVersion");
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) => node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
}

public sealed class FlagsApiOnSqlite(SqliteApp app) : FlagsApiTests(app), IClassFixture<SqliteApp>;

public sealed class FlagsApiOnPostgres(PostgresApp app) : FlagsApiTests(app), IClassFixture<PostgresApp>;
