using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Api;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Api;

/// <summary>
/// Broken text in a body (bytes that are not UTF-8, a JSON escape of half a surrogate pair) is a 400
/// <c>invalid-encoding</c> problem naming the field on every POST/PUT/PATCH API endpoint — the list is
/// read from the app's endpoint data source, so an endpoint added later is covered without editing this test.
/// </summary>
public sealed class InvalidEncodingTests(ITestOutputHelper output)
{
    public static TheoryData<TestDatabaseProvider> Providers => new() { TestDatabaseProvider.Sqlite, TestDatabaseProvider.Postgres };

    // {"variables":{"name":"ab<FF>c"},"messages":[{"role":"user","content":"x"}]}
    private static byte[] InvalidUtf8Body()
    {
        var bytes = Encoding.ASCII.GetBytes("{\"variables\":{\"name\":\"abXc\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        return bytes;
    }

    private static byte[] LoneSurrogateBody() =>
        Encoding.ASCII.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"user\",\"content\":\"a\\ud800b\"}],\"variables\":{\"name\":\"x\"}}");

    private static IReadOnlyList<(string Method, string Path)> BodyEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, e.RoutePattern)))
            .Where(e => e.Method is "POST" or "PUT" or "PATCH")
            .Select(e => (e.Method, Path: PathOf(e.RoutePattern)))
            .Where(e => e.Path.StartsWith("/api/", StringComparison.Ordinal) || e.Path.StartsWith("/v1/", StringComparison.Ordinal))
            .Distinct()
            .ToList();

    /// <summary>A concrete path for a route pattern: sample values for its parameters, by constraint.</summary>
    private static string PathOf(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => Guid.NewGuid().ToString(),
                    RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "int") => "1",
                    RoutePatternParameterPart parameter when parameter.Name == "id" => Guid.NewGuid().ToString(),
                    RoutePatternParameterPart parameter when parameter.Name == "label" => "production",
                    RoutePatternParameterPart => "encoding-probe",
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => string.Empty,
                });
            }
        }

        return path.ToString();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_body_endpoint_answers_invalid_utf8_and_lone_surrogates_with_a_400_problem_naming_the_field(TestDatabaseProvider provider)
    {
        using var app = new PromptConsoleFactory(provider);
        using var client = app.CreateClient();
        await client.CreateDeployedPromptAsync("encoding-probe", new { template = "Hello {{name}}.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });

        var endpoints = BodyEndpoints(app.Services);
        Assert.True(endpoints.Count >= 30, $"Only {endpoints.Count} POST/PUT endpoints were found in the endpoint data source.");
        Assert.Contains(endpoints, e => e.Path == "/api/v1/prompts/encoding-probe/execute");
        Assert.Contains(endpoints, e => e.Path == "/v1/chat/completions");

        var failures = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            foreach (var (kind, body, field) in new[] { ("invalid UTF-8", InvalidUtf8Body(), "variables.name"), ("lone surrogate", LoneSurrogateBody(), "messages[1].content") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(text) : null;
                if (response.StatusCode != HttpStatusCode.BadRequest
                    || (string?)problem?["type"] != Problems.TypeBase + RequestEncodingGuard.ErrorCode
                    || (string?)problem?["errors"]?[0]?["field"] != field)
                {
                    failures.Add($"{method} {path} ({kind}): {(int)response.StatusCode} {text}");
                }
            }
        }

        output.WriteLine($"{endpoints.Count} POST/PUT endpoints x 2 bodies on {provider}: {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        // The same prompt still runs with a well-formed body (surrogate pairs included).
        var ok = await client.PostJsonAsync("/api/v1/prompts/encoding-probe/execute", new { variables = new { name = "Zoë \U0001F600" } });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
    }

    [Fact]
    public async Task The_chat_endpoint_problem_also_carries_the_openai_error_object()
    {
        using var app = new PromptConsoleFactory();
        using var client = app.CreateClient();
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("{\"model\":\"sim-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"\\udc00\"}]}"));
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync("/v1/chat/completions", content);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (string?)problem["error"]?["type"]);
        Assert.Equal("messages[0].content", (string?)problem["error"]?["param"]);
    }

    public static TheoryData<string, string, string?> Bodies => new()
    {
        // name, JSON (\u escapes written as text, <FF> as a raw byte), expected field (null: no fault)
        { "plain", "{\"a\":\"b\"}", null },
        { "surrogate pair", "{\"a\":\"\\ud83d\\ude00\"}", null },
        { "raw emoji", "{\"a\":\"\U0001F600\"}", null },
        { "lone high surrogate", "{\"a\":\"x\\ud800\"}", "a" },
        { "lone low surrogate", "{\"a\":{\"b\":[1,\"\\udc00\"]}}", "a.b[1]" },
        { "reversed pair", "{\"a\":\"\\ude00\\ud83d\"}", "a" },
        { "surrogate in a property name", "{\"a\":{\"\\ud800\":1}}", "a" },
        { "invalid byte in a value", "{\"a\":[\"ok\",{\"b\":\"<FF>\"}]}", "a[1].b" },
        { "invalid byte in a property name", "{\"<FF>\":1}", "body" },
        { "invalid byte outside JSON", "<FF>", "body" },
        { "not JSON but valid text", "hello", null },
        { "BOM then lone surrogate", "\uFEFF{\"a\":\"\\ud800\"}", "a" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void The_scanner_finds_the_broken_field(string name, string json, string? expectedField)
    {
        var bytes = Encoding.UTF8.GetBytes(json.Replace("<FF>", "\u0001", StringComparison.Ordinal));
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0x01)
                bytes[i] = 0xFF;
        }

        var fault = JsonTextEncoding.FindFault(bytes);
        Assert.True(expectedField == fault?.Field, $"{name}: expected {expectedField ?? "no fault"}, got {fault?.Field ?? "no fault"}");
    }
}
