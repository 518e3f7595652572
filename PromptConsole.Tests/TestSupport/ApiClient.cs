using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptConsole.Tests.TestSupport;

/// <summary>Thin helpers over HttpClient for the JSON API: raw JSON in, parsed JSON out, status asserted by the caller.</summary>
public static class ApiClient
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendJsonAsync(
        this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is string raw)
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        else if (body is not null)
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false))
            json = JsonNode.Parse(text);
        return (response.StatusCode, json, response);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostJsonAsync(this HttpClient client, string url, object? body = null) =>
        client.SendJsonAsync(HttpMethod.Post, url, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> GetJsonAsync(this HttpClient client, string url) =>
        client.SendJsonAsync(HttpMethod.Get, url);

    /// <summary>Creates a prompt with one version and deploys it to production.</summary>
    public static async Task CreateDeployedPromptAsync(this HttpClient client, string key, object firstVersion)
    {
        var created = await client.PostJsonAsync("/api/v1/prompts", new { key, name = key, firstVersion });
        if (created.Status != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating {key} failed: {created.Status} {created.Body}");
        var deployed = await client.PostJsonAsync($"/api/v1/prompts/{key}/labels/production", new { version = 1 });
        if (deployed.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"Deploying {key} failed: {deployed.Status} {deployed.Body}");
    }
}

/// <summary>A client for an instance on a real port (Kestrel), calling with the suite's master key.</summary>
public static class PromptConsoleApiClient
{
    public static HttpClient Create(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PromptConsoleFactory.MasterKey);
        return client;
    }
}
