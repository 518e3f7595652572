using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Api;

/// <summary>
/// The rejections ASP.NET Core makes before an endpoint runs (415, 404, 405) answer in the API's own problem shape: a
/// type of ours, a code, and the offending field where there is one.
/// </summary>
public sealed class FrameworkProblemsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response);
    }

    [Theory]
    [InlineData("/api/v1/prompts/any/execute", "text/plain")]
    [InlineData("/v1/chat/completions", "application/x-www-form-urlencoded")]
    [InlineData("/v1/embeddings", "text/plain")]
    public async Task A_body_of_a_type_the_endpoint_does_not_take_is_a_415_naming_Content_Type(string path, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{\"a\":1}", Encoding.UTF8, contentType) };

        var (status, body, _) = await SendAsync(app.Client, request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("https://promptconsole.dev/problems/unsupported-media-type", (string?)body["type"]);
        Assert.Equal("unsupported-media-type", (string?)body["code"]);
        Assert.Contains(contentType, (string?)body["detail"], StringComparison.Ordinal);
        Assert.Equal("Content-Type", (string?)body["errors"]![0]!["field"]);
        Assert.Equal(path, (string?)body["instance"]);
    }

    [Fact]
    public async Task A_path_nothing_serves_is_a_404_route_not_found()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");

        var (status, body, _) = await SendAsync(app.Client, request);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("route-not-found", (string?)body["code"]);
        Assert.Contains("GET /api/v1/no-such-thing", (string?)body["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_the_path_does_not_take_is_a_405_and_the_apis_own_404s_keep_their_codes()
    {
        using var wrongMethod = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/prompts/any/execute");
        using var unknownPrompt = new HttpRequestMessage(HttpMethod.Get, "/api/v1/prompts/no-such-prompt-here");

        var (status, body, response) = await SendAsync(app.Client, wrongMethod);
        var (unknownStatus, unknown, _) = await SendAsync(app.Client, unknownPrompt);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("method-not-allowed", (string?)body["code"]);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.Equal("prompt-not-found", (string?)unknown["code"]);
    }
}
