using System.Net;
using System.Text.Json.Nodes;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Limits;

/// <summary>Requests as a given API-key caller (see <see cref="TestCaller"/>).</summary>
internal static class LimitsHttp
{
    public static async Task<string> CreatePromptAsync(HttpClient client)
    {
        var key = $"lim-{Guid.NewGuid():N}"[..20];
        await client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}, tell me a story.", model = new { model = "sim-fast" }, variables = new object[] { new { name = "name" } } });
        return key;
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> ExecuteAsync(HttpClient client, string prompt, string caller)
    {
        var response = await TestCaller.SendAsync(client, caller, () => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/prompts/{prompt}/execute")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { variables = new { name = "Ada" } }),
        });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> ChatAsync(HttpClient client, string caller)
    {
        var response = await TestCaller.SendAsync(client, caller, () => new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { model = "sim-fast", messages = new[] { new { role = "user", content = "Hello there" } } }),
        });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    public static int RetryAfter(HttpResponseMessage response) =>
        (int)(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? throw new InvalidOperationException("No Retry-After header."));
}
